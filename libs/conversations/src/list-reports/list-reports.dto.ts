import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import { REPORT_STATUSES, type ReportStatus, type ReportsQuery } from '@chat/contracts';

export class ListReportsDto implements ReportsQuery {
  @ApiPropertyOptional({ enum: REPORT_STATUSES }) @IsOptional() @IsIn(REPORT_STATUSES) status?: ReportStatus;
  @ApiPropertyOptional({ description: 'A report id: the page continues with older reports' }) @IsOptional() @IsUUID() before?: string;
  @ApiPropertyOptional({ description: 'Reports per page, 1..MODERATION_LOG_MAX_LIMIT' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) limit?: number;
}
