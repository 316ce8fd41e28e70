import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import type { UpdateProfileRequest } from '@chat/contracts';

export class UpdateProfileDto implements UpdateProfileRequest {
  @ApiProperty({ description: 'How I am shown to others; trimmed, 1..DISPLAY_NAME_MAX_CHARS characters' }) @IsString() displayName: string;
}
