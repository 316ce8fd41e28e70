import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { UploadUrlRequest } from '@chat/contracts';

export class UploadUrlDto implements UploadUrlRequest {
  @ApiProperty({ description: 'The file name; the path part is dropped, at most 255 characters are kept' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  name: string;

  @ApiProperty({ description: 'The type the PUT must send as its Content-Type (MEDIA_ALLOWED_TYPES)' })
  @IsString()
  @MaxLength(255)
  contentType: string;

  @ApiProperty({ description: 'The most bytes the PUT may send; at most MEDIA_MAX_BYTES (413 beyond)' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  size: number;

  @ApiPropertyOptional({ description: 'Audio only: its length in milliseconds, as for POST /v1/media?durationMs=' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2 ** 31 - 1)
  durationMs?: number;
}
