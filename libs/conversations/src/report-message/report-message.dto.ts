import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { REPORT_REASONS, type ReportMessageRequest, type ReportReason } from '@chat/contracts';

export class ReportMessageDto implements ReportMessageRequest {
  @ApiProperty({ enum: REPORT_REASONS }) @IsIn(REPORT_REASONS) reason: ReportReason;
  @ApiPropertyOptional({ description: 'What moderators should know; at most REPORT_NOTE_MAX_CHARS' }) @IsOptional() @IsString() note?: string;
}
