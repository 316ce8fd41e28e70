import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PresenceReader } from '@chat/conversations';
import { isOpenAt, pickAgent } from '@chat/domain';
import type { BusinessEntity } from '@chat/persistence';
import { APP_CONFIG, CLOCK, type AppConfig, type Clock } from '@chat/platform';
import { BusinessesRepository } from './businesses.repository';

/**
 * Which agent a conversation goes to now: none outside the business's hours (it waits in the inbox);
 * otherwise the business's strategy over its agents, those online first (see pickAgent); an agent's
 * load is their open conversations active within BUSINESS_ACTIVE_CONVERSATION_HOURS. Never the
 * conversation's own customer (an agent of the business may be one of its customers too), nor an
 * account banned now or deleted. Call it with the business row locked, so two routings of one
 * business never take the same turn.
 */
@Injectable()
export class AgentRouter {
  constructor(
    private readonly businesses: BusinessesRepository,
    private readonly presence: PresenceReader,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `customerId`: whose conversation it is (left out of the candidates); null: anyone's (is there an agent for a conversation at all now?). */
  async route(em: EntityManager, business: BusinessEntity, customerId: string | null): Promise<string | null> {
    const now = this.clock.now();
    if (!isOpenAt(business.hours, new Date(now))) return null;
    const hours = this.config.businesses.activeConversationHours;
    const loads = (await this.businesses.agentLoads(em, business.id, hours > 0 ? new Date(now - hours * 3_600_000) : null, new Date(now))).filter((a) => a.userId !== customerId);
    if (loads.length === 0) return null;
    const presence = await this.presence.presenceOf(business.tenantId, loads.map((a) => a.userId));
    return pickAgent(
      loads.map((a) => ({ ...a, online: presence.get(a.userId)?.status === 'online' })),
      business.routing,
    );
  }
}
