import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { ATTACHMENT_KINDS, type Attachment, type AttachmentKind, type SendMessageRequest } from '@chat/contracts';

/** Without `id`, an external reference described by the client; with it, an upload (`POST /v1/media`) that the server describes. */
const external = (a: AttachmentDto) => a.id === undefined;

export class AttachmentDto implements Attachment {
  @ApiPropertyOptional({ description: 'An upload of yours (POST /v1/media); name, contentType and size are then taken from it' }) @IsOptional() @IsUUID() id?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl({ require_tld: false }) @MaxLength(2000) url?: string;
  @ApiProperty() @ValidateIf(external) @IsString() @MinLength(1) @MaxLength(255) name: string;
  @ApiProperty() @ValidateIf(external) @IsString() @Matches(/^[\w.+-]+\/[\w.+-]+$/, { message: 'must be a MIME type like image/png' }) contentType: string;
  @ApiProperty() @ValidateIf(external) @IsInt() @Min(0) size: number;
  @ApiPropertyOptional({ enum: ATTACHMENT_KINDS, description: '`voice`: send an audio upload whose length is known as a voice message (at most MEDIA_VOICE_MAX_SECONDS)' })
  @IsOptional()
  @IsIn(ATTACHMENT_KINDS)
  kind?: AttachmentKind;
}

export class SendMessageDto implements SendMessageRequest {
  @ApiProperty({ description: 'Chosen by the client; resending the same id returns the same message' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  clientMessageId: string;

  @ApiProperty({ description: 'Stored byte-exact; at most MESSAGE_BODY_MAX_CHARS code points' })
  @IsString()
  body: string;

  @ApiPropertyOptional({ type: [AttachmentDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];

  @ApiPropertyOptional({ description: 'The id of an earlier message of this conversation that this one answers (404 MESSAGE_NOT_FOUND when there is none; one deleted meanwhile is quoted as deleted)' })
  @IsOptional()
  @IsUUID()
  replyTo?: string;

  @ApiPropertyOptional({ type: [String], description: 'Members of this conversation the message names, by user id (at most MESSAGE_MENTIONS_MAX, each once): notified even where they muted it' })
  @IsOptional()
  @IsArray()
  @IsUUID(undefined, { each: true })
  mentions?: string[];
}
