import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { AccountBanRequest } from '@chat/contracts';

/** Ten years: longer is "until lifted", which is what omitting the duration says. */
const BAN_MAX_SECONDS = 10 * 365 * 24 * 3600;

export class BanAccountDto implements AccountBanRequest {
  @ApiPropertyOptional({ description: 'Why (shown in the moderation log); at most BAN_REASON_MAX_CHARS' }) @IsOptional() @IsString() reason?: string;
  @ApiPropertyOptional({ description: 'How long the ban lasts; omitted, until lifted', minimum: 1, maximum: BAN_MAX_SECONDS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(BAN_MAX_SECONDS)
  durationSeconds?: number;
}
