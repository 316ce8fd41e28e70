import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import type { TenantExportListQuery } from '@chat/contracts';

export class TenantExportsPageDto implements TenantExportListQuery {
  @ApiPropertyOptional({ description: 'Exports per page, 1..EXPORT_LIST_MAX_LIMIT' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) limit?: number;
  @ApiPropertyOptional({ description: 'An export id: the page continues with older exports' }) @IsOptional() @IsUUID() before?: string;
}
