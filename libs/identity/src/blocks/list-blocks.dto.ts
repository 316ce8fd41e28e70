import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import type { BlocksQuery } from '@chat/contracts';

export class ListBlocksDto implements BlocksQuery {
  @ApiPropertyOptional({ description: 'People, 1..BLOCKS_PAGE_MAX_LIMIT (default BLOCKS_PAGE_DEFAULT_LIMIT)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) limit?: number;
  @ApiPropertyOptional({ description: 'The previous page’s nextCursor' }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}
