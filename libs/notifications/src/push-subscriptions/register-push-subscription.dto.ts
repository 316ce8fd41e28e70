import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { PushSubscriptionRequest } from '@chat/contracts';

/** Push services' endpoints are well under this; it bounds what one row may hold. */
export const PUSH_ENDPOINT_MAX_CHARS = 2048;

export class PushSubscriptionKeysDto {
  @ApiProperty({ description: "The browser's P-256 public key, base64url (65 bytes)" }) @IsString() @MaxLength(128) p256dh: string;
  @ApiProperty({ description: 'The authentication secret, base64url (16 bytes)' }) @IsString() @MaxLength(64) auth: string;
}

/** A browser's `PushSubscription.toJSON()` (extra fields such as `expirationTime` are ignored). */
export class RegisterPushSubscriptionDto implements PushSubscriptionRequest {
  @ApiProperty({ description: "The push service's URL for this browser (https)" }) @IsString() @MaxLength(PUSH_ENDPOINT_MAX_CHARS) endpoint: string;
  @ApiProperty({ type: PushSubscriptionKeysDto }) @IsObject() @ValidateNested() @Type(() => PushSubscriptionKeysDto) keys: PushSubscriptionKeysDto;
}
