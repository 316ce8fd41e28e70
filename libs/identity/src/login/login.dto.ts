import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { DevicePublicJwk, LoginRequest } from '@chat/contracts';
import { DeviceKeyProperty } from '../auth/device-key';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'alice' }) @IsString() username: string;
  @ApiProperty() @IsString() password: string;
  @ApiPropertyOptional({ description: 'The authenticator app’s code, for an account with two-step login' }) @IsOptional() @IsString() mfaCode?: string;

  @DeviceKeyProperty() deviceKey?: DevicePublicJwk;
}
