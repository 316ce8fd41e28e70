import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { CONVERSATION_TYPES, VISIBILITIES, type ConversationType, type CreateConversationRequest, type Visibility } from '@chat/contracts';

export class CreateConversationDto implements CreateConversationRequest {
  @ApiProperty({ enum: CONVERSATION_TYPES }) @IsIn(CONVERSATION_TYPES) type: ConversationType;
  @ApiPropertyOptional({ description: 'Required for channels; unique per tenant' }) @IsOptional() @IsString() @MinLength(1) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() description?: string;
  @ApiPropertyOptional({ enum: VISIBILITIES, default: 'public' }) @IsOptional() @IsIn(VISIBILITIES) visibility?: Visibility;
  @ApiPropertyOptional({ type: [String], description: 'Other members (direct: exactly one)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  memberIds?: string[];
  @ApiPropertyOptional({ description: 'End-to-end encrypted (groups and direct conversations only); see the README, "End-to-end encryption"' })
  @IsOptional()
  @IsBoolean()
  e2ee?: boolean;
  @ApiPropertyOptional({ description: 'Chosen by the client (1-100 characters); sending the same id again answers the conversation it created (200), never a second one' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  clientRequestId?: string;
}
