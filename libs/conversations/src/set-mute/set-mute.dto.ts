import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import type { MuteRequest } from '@chat/contracts';

export class SetMuteDto implements MuteRequest {
  @ApiProperty({ description: 'Muted members get every message and frame, but no notifications' }) @IsBoolean() muted: boolean;
}
