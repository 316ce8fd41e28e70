import { Injectable, Logger } from '@nestjs/common';
import { AgentRouter } from '../shared/agent-router';
import { AgentSeat } from '../shared/agent-seat';
import { BusinessesRepository } from '../shared/businesses.repository';

/** Conversations routed per transaction, so a long queue never holds the business row for long. */
const BATCH = 100;

/**
 * Routes the open conversations waiting unassigned in a business's inbox (they arrived outside its
 * hours, or before it had an agent, or their resolved conversation's customer wrote again after its
 * agent was removed), oldest first, exactly as a new one is: with the business row locked, through
 * AgentRouter, the seat moved by AgentSeat (`member.joined`, reason `assigned`), so each agent sees
 * it as they see an assignment at creation. It stops where the router gives none for anyone (closed
 * now, no agent to route to); a conversation whose only possible agent is its own customer is
 * passed over and keeps waiting. Run after a change that may let them go (hours, a new agent) and
 * by WaitingRoutingJob.
 */
@Injectable()
export class WaitingRouting {
  private readonly logger = new Logger(WaitingRouting.name);

  constructor(
    private readonly businesses: BusinessesRepository,
    private readonly router: AgentRouter,
    private readonly seat: AgentSeat,
  ) {}

  /** Answers how many got an agent. `actorId`: who the assignment events name (default: the business's owner). */
  async route(tenantId: string, businessId: string, actorId?: string): Promise<number> {
    let routed = 0;
    // Passed over (nobody but their own customer could take them): left out of the next batches.
    const skipped: string[] = [];
    for (;;) {
      const { moved, more } = await this.businesses.transaction(async (em) => {
        const business = await this.businesses.lock(em, tenantId, businessId);
        if (!business || business.closedAt) return { moved: 0, more: false };
        const rows = await this.businesses.waiting(em, businessId, BATCH, skipped);
        let moved = 0;
        for (const row of rows) {
          const to = await this.router.route(em, business, row.customerId);
          if (!to) {
            if (!(await this.router.route(em, business, null))) return { moved, more: false };
            skipped.push(row.conversationId);
            continue;
          }
          await this.seat.move(em, row, to, actorId ?? business.ownerId);
          moved++;
        }
        return { moved, more: rows.length === BATCH };
      });
      routed += moved;
      if (!more) return routed;
    }
  }

  /** After a change that committed: a failure here is logged, not the change's; the periodic pass tries again. */
  async afterChange(tenantId: string, businessId: string, actorId: string): Promise<void> {
    try {
      await this.route(tenantId, businessId, actorId);
    } catch (err) {
      this.logger.warn({ err, tenantId, businessId }, 'Routing the waiting conversations failed; the periodic pass tries again');
    }
  }
}
