import { ApiProperty } from '@nestjs/swagger';
import { IsSeq } from '@chat/platform';
import type { ReadRequest } from '@chat/contracts';

export class MarkReadDto implements ReadRequest {
  @ApiProperty({ description: 'The highest seq I have read; the pointer only moves forward' }) @IsSeq() seq: number;
}
