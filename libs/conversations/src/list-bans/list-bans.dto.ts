import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import type { BansQuery } from '@chat/contracts';

export class ListBansDto implements BansQuery {
  @ApiPropertyOptional({ description: 'The userId of the last ban of the previous page: the page continues with older bans' }) @IsOptional() @IsUUID() before?: string;
  @ApiPropertyOptional({ description: 'Bans per page, 1..MODERATION_LOG_MAX_LIMIT' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) limit?: number;
}
