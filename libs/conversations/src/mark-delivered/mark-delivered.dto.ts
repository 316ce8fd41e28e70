import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import type { DeliveredRequest } from '@chat/contracts';

export class MarkDeliveredDto implements DeliveredRequest {
  @ApiProperty({ description: 'The highest seq that reached this device; the pointer only moves forward' }) @IsInt() @Min(0) seq: number;
}
