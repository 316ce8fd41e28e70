import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import type { BusinessInboxQuery } from '@chat/contracts';

export class BusinessInboxDto implements BusinessInboxQuery {
  @ApiPropertyOptional({ enum: ['me', 'none', 'any'], default: 'any', description: 'mine, waiting for an agent, or all' }) @IsOptional() @IsIn(['me', 'none', 'any']) assigned?: 'me' | 'none' | 'any';
  @ApiPropertyOptional({ description: 'Conversations, 1..BUSINESS_INBOX_MAX_LIMIT' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) limit?: number;
  @ApiPropertyOptional({ description: 'The previous page’s nextCursor' }) @IsOptional() @IsString() @MaxLength(1000) cursor?: string;
}
