import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsOptional, IsString, IsUUID } from 'class-validator';

/** Query string of GET /v1/search; length and range checks against the configuration live in searchRequest. */
export class SearchMessagesDto {
  @ApiProperty({ description: 'Words to find, all of them (1..SEARCH_QUERY_MAX_CHARS, 200, characters after trimming)', example: 'release notes' })
  @IsDefined({ message: 'q is required' })
  @IsString()
  q: string;

  @ApiPropertyOptional({ description: 'Only this conversation (404 when you may not see it)', format: 'uuid' }) @IsOptional() @IsUUID() conversationId?: string;

  @ApiPropertyOptional({ default: 20, description: '1..SEARCH_MAX_LIMIT (100)' }) @IsOptional() @Type(() => Number) @IsInt() limit?: number;
}
