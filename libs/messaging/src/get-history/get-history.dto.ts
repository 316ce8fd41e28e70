import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional } from 'class-validator';
import { IsSeq } from '@chat/platform';

/** Query string of GET .../messages; range checks live in the domain's historyWindow. */
export class GetHistoryDto {
  @ApiPropertyOptional({ description: 'Messages with seq below this' }) @IsOptional() @Type(() => Number) @IsSeq() before?: number;
  @ApiPropertyOptional({ description: 'Messages with seq above this' }) @IsOptional() @Type(() => Number) @IsSeq() after?: number;
  @ApiPropertyOptional({ description: 'Messages centred on this seq (included)' }) @IsOptional() @Type(() => Number) @IsSeq() around?: number;
  @ApiPropertyOptional({ default: 50, description: '1..HISTORY_MAX_LIMIT (500)' }) @IsOptional() @Type(() => Number) @IsInt() limit?: number;
}
