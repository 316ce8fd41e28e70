import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventName } from '@chat/contracts';
import { OutboxWriter, type NewEvent } from '@chat/persistence';
import { AgentRemoval } from '../shared/agent-removal';
import { BusinessesRepository } from '../shared/businesses.repository';

/**
 * Takes a deleted account out of every business it worked for or owned, in the caller's
 * transaction, businesses locked in id order: as an agent, its conversations are routed again
 * (AgentRemoval); as the owner, the business passes to its longest-standing agent, as a group
 * passes to its longest-standing admin, or is closed when it has none (no new conversations; the
 * existing ones stay readable). Each change of owner goes through the outbox.
 */
@Injectable()
export class AccountBusinesses {
  constructor(
    private readonly businesses: BusinessesRepository,
    private readonly removal: AgentRemoval,
    private readonly outbox: OutboxWriter,
  ) {}

  async leaveAll(em: EntityManager, tenantId: string, userId: string): Promise<void> {
    const events: NewEvent[] = [];
    for (const businessId of await this.businesses.businessesOf(em, tenantId, userId)) {
      const business = (await this.businesses.lock(em, tenantId, businessId))!;
      await this.removal.remove(em, business, userId, userId);
      if (business.ownerId !== userId || business.closedAt) continue;
      // After the removal above, so the deleted account is never its own successor.
      const [successor = null] = await this.businesses.agentIds(businessId, em);
      await this.businesses.passOwnership(em, businessId, successor);
      events.push({
        name: EventName.BusinessOwnerChanged,
        tenantId,
        // Keyed by the deleted account, so it is ordered with that account's other events.
        aggregateType: 'user',
        aggregateId: userId,
        payload: { businessId, previousOwnerId: userId, ownerId: successor },
      });
    }
    await this.outbox.append(em, events);
  }
}
