import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsUUID } from 'class-validator';
import type { WsTicketRequest } from '@chat/contracts';

export class WsTicketDto implements WsTicketRequest {
  @ApiPropertyOptional({ type: [String], description: 'Scopes the socket to these conversations of yours (at most WS_TICKET_MAX_CONVERSATIONS); absent: the whole account' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  // The configured limit is enforced by TicketScopes; this bounds the validation work of one request.
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  conversationIds?: string[];
}
