import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BusinessEntity } from '@chat/persistence';
import { AgentRouter } from './agent-router';
import { AgentSeat } from './agent-seat';
import { BusinessesRepository } from './businesses.repository';

/**
 * An agent stops being one: in the caller's transaction, with the business locked, they leave every
 * conversation they were assigned. Each open one (see BusinessesRepository IS_OPEN) is routed again
 * to another agent (never its own customer), or waits in the inbox when none can take it (its
 * agents and owner are told); a resolved one goes back to the inbox unassigned without a word, and
 * is routed like any waiting one once its customer writes again (WaitingRouting).
 */
@Injectable()
export class AgentRemoval {
  constructor(
    private readonly businesses: BusinessesRepository,
    private readonly router: AgentRouter,
    private readonly seat: AgentSeat,
  ) {}

  /** False when the user was not an agent of the business. */
  async remove(em: EntityManager, business: BusinessEntity, userId: string, actorId: string): Promise<boolean> {
    if (!(await this.businesses.removeAgent(em, business.id, userId))) return false;
    for (const { open, ...row } of await this.businesses.assignedTo(em, business.id, userId)) {
      if (open) await this.seat.move(em, row, await this.router.route(em, business, row.customerId), actorId);
      else await this.seat.move(em, row, null, actorId, { announce: false });
    }
    return true;
  }
}
