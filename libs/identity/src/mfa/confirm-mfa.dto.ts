import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import type { ConfirmMfaRequest } from '@chat/contracts';

export class ConfirmMfaDto implements ConfirmMfaRequest {
  @ApiProperty({ description: 'The 6-digit code the authenticator app shows now' }) @IsString() code: string;
}
