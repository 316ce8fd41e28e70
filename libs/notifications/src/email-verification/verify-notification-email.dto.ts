import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import type { VerifyNotificationEmailRequest } from '@chat/contracts';
import { EMAIL_CODE_DIGITS, EMAIL_CODE_PATTERN } from './email-code';

export class VerifyNotificationEmailDto implements VerifyNotificationEmailRequest {
  @ApiProperty({ description: `The ${EMAIL_CODE_DIGITS}-digit code from the verification mail (spaces are ignored)`, example: '01234567' })
  @IsString()
  @Matches(EMAIL_CODE_PATTERN, { message: `code must be the ${EMAIL_CODE_DIGITS} digits from the verification mail` })
  code!: string;
}
