import { ApiProperty } from '@nestjs/swagger';
import { IsSeq } from '@chat/platform';
import type { DeliveredRequest } from '@chat/contracts';

export class MarkDeliveredDto implements DeliveredRequest {
  @ApiProperty({ description: 'The highest seq that reached this device; the pointer only moves forward' }) @IsSeq() seq: number;
}
