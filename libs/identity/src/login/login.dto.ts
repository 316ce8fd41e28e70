import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CHALLENGE_NONCE_MAX_LENGTH } from '@chat/domain';
import type { DevicePublicJwk, LoginChallengeSolution, LoginRequest } from '@chat/contracts';
import { DeviceKeyProperty } from '../auth/device-key';

class LoginChallengeSolutionDto implements LoginChallengeSolution {
  @ApiProperty() @IsString() @MaxLength(512) token: string;
  @ApiProperty() @IsString() @MaxLength(CHALLENGE_NONCE_MAX_LENGTH) nonce: string;
}

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'alice' }) @IsString() username: string;
  @ApiProperty() @IsString() password: string;
  @ApiPropertyOptional({ description: 'The authenticator app’s code, for an account with two-step login' }) @IsOptional() @IsString() mfaCode?: string;

  @ApiPropertyOptional({ description: 'The solution of the challenge a 428 CHALLENGE_REQUIRED carried' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LoginChallengeSolutionDto)
  challenge?: LoginChallengeSolutionDto;

  @DeviceKeyProperty() deviceKey?: DevicePublicJwk;
}

