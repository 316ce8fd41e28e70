import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import type { BusinessSearchQuery } from '@chat/contracts';

export class SearchBusinessesDto implements BusinessSearchQuery {
  @ApiProperty({ description: 'The start of the name or of a word of it (case-insensitive)' }) @IsString() @MinLength(1) q: string;
  @ApiPropertyOptional({ description: 'Businesses, 1..BUSINESS_SEARCH_MAX_LIMIT' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) limit?: number;
  @ApiPropertyOptional({ description: 'The previous page’s nextCursor' }) @IsOptional() @IsString() @MaxLength(1000) cursor?: string;
}
