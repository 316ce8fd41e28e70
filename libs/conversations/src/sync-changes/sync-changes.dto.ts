import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import type { SyncQuery } from '@chat/contracts';

export class SyncChangesDto implements SyncQuery {
  @ApiPropertyOptional({ description: 'The cursor of the previous answer; omit to start from the oldest change the log still holds' }) @IsOptional() @IsString() @MaxLength(100) since?: string;
  @ApiPropertyOptional({ description: 'Changes per page, 1..SYNC_MAX_LIMIT (default SYNC_DEFAULT_LIMIT)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) limit?: number;
}
