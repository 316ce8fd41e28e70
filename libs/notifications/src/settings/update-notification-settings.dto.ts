import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsOptional, MaxLength, ValidateIf } from 'class-validator';
import type { UpdateNotificationSettingsRequest } from '@chat/contracts';

/** RFC 5321's limit on a forward path. */
const EMAIL_ADDRESS_MAX_CHARS = 254;

export class UpdateNotificationSettingsDto implements UpdateNotificationSettingsRequest {
  @ApiPropertyOptional({ description: 'Web Push to my registered browsers' }) @IsOptional() @IsBoolean() push?: boolean;
  @ApiPropertyOptional({ description: 'Email when push is off, finds no browser or fails (needs emailAddress)' }) @IsOptional() @IsBoolean() email?: boolean;
  @ApiPropertyOptional({ description: 'Where notification email goes; null removes it (and turns email off)', nullable: true, type: String })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsEmail()
  @MaxLength(EMAIL_ADDRESS_MAX_CHARS)
  emailAddress?: string | null;
  @ApiPropertyOptional({ description: 'Messages in channels notify too (direct and group conversations always do)' }) @IsOptional() @IsBoolean() channels?: boolean;
}
