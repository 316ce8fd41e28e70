import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { MODERATION_ACTIONS, type ModerationAction, type ModerationLogQuery } from '@chat/contracts';

/** A search term longer than any name or reason it could match is a mistake, not a query. */
export const SEARCH_TERM_MAX_CHARS = 200;

export class ModerationLogDto implements ModerationLogQuery {
  @ApiPropertyOptional({ description: 'Matches the reason and the actor’s and target’s usernames and display names' }) @IsOptional() @IsString() @MaxLength(SEARCH_TERM_MAX_CHARS) q?: string;
  @ApiPropertyOptional({ enum: MODERATION_ACTIONS }) @IsOptional() @IsIn(MODERATION_ACTIONS) action?: ModerationAction;
  @ApiPropertyOptional() @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() targetUserId?: string;
  @ApiPropertyOptional({ description: 'An entry id: the page continues with older entries' }) @IsOptional() @IsUUID() before?: string;
  @ApiPropertyOptional({ description: 'Entries per page, 1..MODERATION_LOG_MAX_LIMIT' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) limit?: number;
}
