import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import type { ReadRequest } from '@chat/contracts';

export class MarkReadDto implements ReadRequest {
  @ApiProperty({ description: 'The highest seq I have read; the pointer only moves forward' }) @IsInt() @Min(0) seq: number;
}
