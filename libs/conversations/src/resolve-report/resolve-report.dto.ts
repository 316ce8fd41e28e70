import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { ResolveReportRequest } from '@chat/contracts';

const OUTCOMES = ['actioned', 'dismissed'] as const;

export class ResolveReportDto implements ResolveReportRequest {
  @ApiProperty({ enum: OUTCOMES, description: 'actioned: the moderator acted on it (deleted the message, banned the sender …); dismissed: nothing to do' })
  @IsIn(OUTCOMES)
  status: ResolveReportRequest['status'];
}
