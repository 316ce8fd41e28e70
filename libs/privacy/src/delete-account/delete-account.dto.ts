import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { DeleteAccountRequest } from '@chat/contracts';

export class DeleteAccountDto implements DeleteAccountRequest {
  @ApiPropertyOptional({ description: 'Required for an account with a password (guests have none)' }) @IsOptional() @IsString() password?: string;
}
