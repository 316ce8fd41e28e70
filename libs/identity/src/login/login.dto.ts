import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import type { LoginRequest } from '@chat/contracts';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'alice' }) @IsString() username: string;
  @ApiProperty() @IsString() password: string;
}
