import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { RefreshRequest } from '@chat/contracts';

export class RefreshDto implements RefreshRequest {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(512) refreshToken: string;
}
