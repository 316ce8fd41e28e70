import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { SyncQuery } from '@chat/contracts';

export const SYNC_DEFAULT_LIMIT = 100;
export const SYNC_MAX_LIMIT = 500;

export class SyncChangesDto implements SyncQuery {
  @ApiPropertyOptional({ description: 'The cursor of the previous answer; omit to start from the beginning' }) @IsOptional() @IsString() @MaxLength(100) since?: string;
  @ApiPropertyOptional({ default: SYNC_DEFAULT_LIMIT, description: `1..${SYNC_MAX_LIMIT} changes a page` })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(SYNC_MAX_LIMIT)
  limit?: number;
}
