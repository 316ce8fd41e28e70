import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MinLength } from 'class-validator';
import type { DevicePublicJwk, GuestLoginRequest } from '@chat/contracts';
import { USERNAME_PATTERN } from '@chat/domain';
import { DeviceKeyProperty } from '../auth/device-key';

export class GuestLoginDto implements GuestLoginRequest {
  @ApiProperty({ example: 'visitor42' })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'may contain only letters, digits, _ . and -' })
  username: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) displayName?: string;

  @DeviceKeyProperty() deviceKey?: DevicePublicJwk;
}
