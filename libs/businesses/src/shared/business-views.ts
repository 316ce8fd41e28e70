import { Inject, Injectable } from '@nestjs/common';
import type { Business, BusinessAgent, BusinessConversation, PresenceStatus } from '@chat/contracts';
import { PresenceReader, toConversation } from '@chat/conversations';
import { businessPresence, isOpenAt } from '@chat/domain';
import type { BusinessEntity } from '@chat/persistence';
import { CLOCK, type Clock } from '@chat/platform';
import { BusinessesRepository, type InboxRow } from './businesses.repository';

/** The wire shapes of businesses and inbox rows, as a given viewer may see them. */
@Injectable()
export class BusinessViews {
  constructor(
    private readonly businesses: BusinessesRepository,
    private readonly presence: PresenceReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async business(row: BusinessEntity, viewerId: string): Promise<Business> {
    return (await this.list([row], viewerId))[0];
  }

  /** Many businesses of one tenant (a page of search results), their agents (with names) and presence read once for all. */
  async list(rows: readonly BusinessEntity[], viewerId: string): Promise<Business[]> {
    if (rows.length === 0) return [];
    const agents = await this.businesses.agentsOf(rows.map((r) => r.id));
    const presence = await this.presence.presenceOf(rows[0].tenantId, [...new Set([...agents.values()].flat().map((a) => a.id))]);
    return rows.map((row) => this.toBusiness(row, agents.get(row.id)!, presence, viewerId));
  }

  private toBusiness(row: BusinessEntity, agents: BusinessAgent[], presence: Map<string, { status: PresenceStatus }>, viewerId: string): Business {
    const agentIds = agents.map((a) => a.id);
    const insider = row.ownerId === viewerId || agentIds.includes(viewerId);
    return {
      id: row.id,
      name: row.name,
      ownerId: row.ownerId,
      routing: row.routing,
      hours: row.hours,
      // A closed business (its owner deleted with no agent to take over) is never open.
      open: !row.closedAt && isOpenAt(row.hours, new Date(this.clock.now())),
      presence: businessPresence(agentIds.map((id) => presence.get(id)?.status ?? 'offline')),
      agentIds: insider ? agentIds : null,
      agents: insider ? agents : null,
      createdAt: row.createdAt.toISOString(),
    };
  }

  /** Inbox rows as the wire has them, their conversations read in one query. */
  async conversations(rows: readonly InboxRow[]): Promise<BusinessConversation[]> {
    const found = new Map((await this.businesses.conversationsByIds(rows.map((r) => r.conversationId))).map((c) => [c.id, c]));
    return rows.map((row) => ({
      conversation: toConversation(found.get(row.conversationId)!),
      businessId: row.businessId,
      customerId: row.customerId,
      customerName: row.customerName,
      customerAvatarUrl: row.customerAvatarUrl,
      agentId: row.agentId,
      agentName: row.agentName,
      assignedAt: row.assignedAt?.toISOString() ?? null,
      resolvedAt: row.resolvedAt?.toISOString() ?? null,
    }));
  }

  async conversation(row: InboxRow): Promise<BusinessConversation> {
    return (await this.conversations([row]))[0];
  }
}
