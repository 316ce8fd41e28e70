import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

/** The query of `POST /v1/media?name=…`; the body is the file itself. */
export class UploadMediaDto {
  @ApiProperty({ description: 'The file name (URL-encoded); the path part is dropped, at most 255 characters are kept' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  name: string;

  @ApiPropertyOptional({
    description:
      'Audio only: its length in milliseconds, as the client measured it; used only where the server cannot read it from the file (it does for WebM and Ogg Opus), and only for display. At most MEDIA_VOICE_MAX_SECONDS × 1000 (413 beyond)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  // Past any possible cap (MEDIA_VOICE_MAX_SECONDS ≤ 3600): the handler answers the real cap with 413.
  @Max(2 ** 31 - 1)
  durationMs?: number;
}
