import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import type { ConversationListQuery } from '@chat/contracts';
import { QueryBoolean } from '@chat/platform';

export class ListConversationsDto implements ConversationListQuery {
  @ApiPropertyOptional({ description: 'Conversations per page, 1..CONVERSATION_LIST_MAX_LIMIT (default CONVERSATION_LIST_DEFAULT_LIMIT)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) limit?: number;
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ description: 'true: only my favourites, in the same order and paging' }) @IsOptional() @QueryBoolean() @IsBoolean() favourites?: boolean;
}
