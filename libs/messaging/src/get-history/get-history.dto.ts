import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

/** Query string of GET .../messages; range checks live in the domain's historyWindow. */
export class GetHistoryDto {
  @ApiPropertyOptional({ description: 'Messages with seq below this' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) before?: number;
  @ApiPropertyOptional({ description: 'Messages with seq above this' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) after?: number;
  @ApiPropertyOptional({ description: 'Messages centred on this seq (included)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) around?: number;
  @ApiPropertyOptional({ default: 50, description: '1..HISTORY_MAX_LIMIT (500)' }) @IsOptional() @Type(() => Number) @IsInt() limit?: number;
}
