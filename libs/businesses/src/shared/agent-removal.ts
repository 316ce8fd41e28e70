import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BusinessEntity } from '@chat/persistence';
import { AgentRouter } from './agent-router';
import { AgentSeat } from './agent-seat';
import { BusinessesRepository } from './businesses.repository';

/**
 * An agent stops being one: in the caller's transaction, with the business locked, each of their
 * conversations is routed again to another agent, or waits in the inbox when none can take it.
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
    for (const row of await this.businesses.assignedTo(em, business.id, userId)) {
      await this.seat.move(em, row, await this.router.route(em, business), actorId);
    }
    return true;
  }

}
