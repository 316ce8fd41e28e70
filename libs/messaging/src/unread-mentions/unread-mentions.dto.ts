import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Query string of GET …/mentions; the range (1..HISTORY_MAX_LIMIT) is checked by the handler, from the configuration. */
export class UnreadMentionsDto {
  @ApiPropertyOptional({ description: 'Continue after this seq (the last of the page before); without it, after my read pointer' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) after?: number;
  @ApiPropertyOptional({ default: 500, description: '1..HISTORY_MAX_LIMIT (500), which is also the default' }) @IsOptional() @Type(() => Number) @IsInt() limit?: number;
}
