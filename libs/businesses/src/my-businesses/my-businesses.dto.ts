import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import type { MyBusinessesQuery } from '@chat/contracts';

export class MyBusinessesDto implements MyBusinessesQuery {
  @ApiPropertyOptional({ description: 'Businesses, 1..BUSINESS_SEARCH_MAX_LIMIT' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) limit?: number;
  @ApiPropertyOptional({ description: 'The previous page’s nextCursor' }) @IsOptional() @IsString() @MaxLength(1000) cursor?: string;
}
