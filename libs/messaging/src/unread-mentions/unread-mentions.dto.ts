import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional } from 'class-validator';
import { IsSeq } from '@chat/platform';

/** Query string of GET …/mentions; the range (1..HISTORY_MAX_LIMIT) is checked by the handler, from the configuration. */
export class UnreadMentionsDto {
  @ApiPropertyOptional({ description: 'Continue after this seq (the last of the page before); without it, after my read pointer' }) @IsOptional() @Type(() => Number) @IsSeq() after?: number;
  @ApiPropertyOptional({ default: 500, description: '1..HISTORY_MAX_LIMIT (500), which is also the default' }) @IsOptional() @Type(() => Number) @IsInt() limit?: number;
}
