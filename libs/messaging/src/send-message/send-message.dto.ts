import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, IsUrl, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import type { Attachment, SendMessageRequest } from '@chat/contracts';

export class AttachmentDto implements Attachment {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) id?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl({ require_tld: false }) @MaxLength(2000) url?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(255) name: string;
  @ApiProperty() @IsString() @Matches(/^[\w.+-]+\/[\w.+-]+$/, { message: 'must be a MIME type like image/png' }) contentType: string;
  @ApiProperty() @IsInt() @Min(0) size: number;
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
}
