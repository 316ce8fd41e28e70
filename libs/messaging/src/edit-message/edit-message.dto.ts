import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import type { EditMessageRequest } from '@chat/contracts';

export class EditMessageDto implements EditMessageRequest {
  @ApiProperty({ description: 'The new body; at most MESSAGE_BODY_MAX_CHARS code points' }) @IsString() body: string;
  @ApiPropertyOptional({ description: 'The version the edit is based on; a different current version answers 409 MESSAGE_VERSION_CONFLICT' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
