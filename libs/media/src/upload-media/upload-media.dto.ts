import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** The query of `POST /v1/media?name=…`; the body is the file itself. */
export class UploadMediaDto {
  @ApiProperty({ description: 'The file name (URL-encoded); the path part is dropped, at most 255 characters are kept' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  name: string;
}
