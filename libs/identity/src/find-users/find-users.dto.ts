import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min, MinLength } from 'class-validator';
import type { FindUsersQuery } from '@chat/contracts';

export class FindUsersDto implements FindUsersQuery {
  @ApiProperty({ description: 'The start of a username or display name (case-insensitive)' }) @IsString() @MinLength(1) q: string;
  @ApiPropertyOptional({ description: 'People, 1..USER_SEARCH_MAX_LIMIT' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) limit?: number;
}
