import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { ConversationMemberEntity } from '@chat/persistence';
import { APP_CONFIG, ValidationError, type AppConfig } from '@chat/platform';
import type { Principal } from '../auth/principal';

/**
 * The conversations a scoped ws ticket names (seed 000 FR-007), each confirmed as one the caller
 * belongs to when the ticket is issued, so a client asking for the wrong one hears so at once
 * rather than from its socket. Membership is a member row, as ConversationAccess reads it; the
 * socket's every event still goes through that check too.
 */
@Injectable()
export class TicketScopes {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async confirm({ tenantId, userId }: Principal, conversationIds: string[]): Promise<string[]> {
    // Ids as Postgres prints them (lower case), so the socket's checks compare like with like.
    const wanted = [...new Set(conversationIds.map((id) => id.toLowerCase()))];
    const max = this.config.auth.wsTicketMaxConversations;
    if (wanted.length > max) throw new ValidationError([{ field: 'conversationIds', problem: `at most ${max} conversations per ticket (WS_TICKET_MAX_CONVERSATIONS)` }]);
    const members = await this.dataSource.getRepository(ConversationMemberEntity).find({ where: { tenantId, userId, conversationId: In(wanted) }, select: { conversationId: true } });
    const belongs = new Set(members.map((m) => m.conversationId));
    const others = wanted.filter((id) => !belongs.has(id));
    if (others.length > 0) {
      // Unknown and someone else's look alike: a ticket request must not reveal which conversations exist.
      throw new DomainError(ErrorCode.CONVERSATION_NOT_FOUND, `No conversation of yours with the id ${others[0]}`, 'Name only conversations you are a member of');
    }
    return wanted;
  }
}
