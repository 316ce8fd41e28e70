import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import type { AccountBanRequest, BanRequest } from '@chat/contracts';

/** Ten years: longer is "until lifted", which is what omitting the duration says. */
const BAN_MAX_SECONDS = 10 * 365 * 24 * 3600;

/** What every ban states, of a conversation or of an account. */
export class BanTermsDto implements AccountBanRequest {
  @ApiPropertyOptional({ description: 'Why (shown in the moderation log); at most BAN_REASON_MAX_CHARS' }) @IsOptional() @IsString() reason?: string;
  @ApiPropertyOptional({ description: 'How long the ban lasts; omitted, until lifted', minimum: 1, maximum: BAN_MAX_SECONDS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(BAN_MAX_SECONDS)
  durationSeconds?: number;
}

export class BanMemberDto extends BanTermsDto implements BanRequest {
  @ApiProperty() @IsUUID() userId: string;
}
