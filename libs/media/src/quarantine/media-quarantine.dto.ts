import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Min } from 'class-validator';

export class MediaQuarantinePageDto {
  @ApiPropertyOptional({ description: 'Entries per page, 1..MEDIA_QUARANTINE_PAGE_MAX_LIMIT' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) limit?: number;
  @ApiPropertyOptional({ description: 'The last id of the previous page' }) @IsOptional() @IsUUID() before?: string;
}
