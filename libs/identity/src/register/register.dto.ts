import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MinLength } from 'class-validator';
import type { DevicePublicJwk, RegisterRequest } from '@chat/contracts';
import { USERNAME_PATTERN } from '@chat/domain';
import { DeviceKeyProperty } from '../auth/device-key';

export class RegisterDto implements RegisterRequest {
  @ApiProperty({ example: 'alice', description: 'Letters, digits, _ . -; unique per tenant, case-insensitive' })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'may contain only letters, digits, _ . and -' })
  username: string;

  @ApiProperty({ example: 'Alice Liddell' })
  @IsString()
  @MinLength(1)
  displayName: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  password: string;

  @DeviceKeyProperty() deviceKey?: DevicePublicJwk;
}
