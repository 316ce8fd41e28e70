import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import type { AssignAgentRequest } from '@chat/contracts';

export class AssignAgentDto implements AssignAgentRequest {
  @ApiPropertyOptional({ description: 'The agent to hand it to (owner only); absent: the caller claims it, if it waits unassigned (409 CONVERSATION_ALREADY_ASSIGNED when another agent has it)' }) @IsOptional() @IsUUID() agentId?: string;
}
