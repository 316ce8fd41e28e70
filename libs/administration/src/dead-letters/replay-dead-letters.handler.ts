import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ReplayDeadLettersResponse } from '@chat/contracts';
import { TenantAdmins } from '@chat/identity';
import { DeadLetterRepository } from '@chat/persistence';
import { APP_CONFIG, EVENT_BUS, type AppConfig, type EventBus } from '@chat/platform';
import { parseReplayRequest } from './dead-letter-requests';
import { ReplayDeadLettersCommand } from './replay-dead-letters.command';

/**
 * Hands a group's dead letters (one, or the oldest DEAD_LETTER_LIST_MAX_LIMIT) to that group again
 * through EventBus.redeliver, in the order the events occurred. The letters are leased for
 * DEAD_LETTER_REPLAY_LEASE_MS first and marked replayed once the bus has them, so a replay that dies
 * in between loses none: they are pending again when the lease runs out. One that fails again is
 * recorded again (pending, its attempts added), and letters the bus would not take are pending
 * again at once.
 */
@CommandHandler(ReplayDeadLettersCommand)
export class ReplayDeadLettersHandler implements ICommandHandler<ReplayDeadLettersCommand> {
  private readonly logger = new Logger(ReplayDeadLettersHandler.name);

  constructor(
    private readonly admins: TenantAdmins,
    private readonly deadLetters: DeadLetterRepository,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, body }: ReplayDeadLettersCommand): Promise<ReplayDeadLettersResponse> {
    await this.admins.assertPlatformOperator(principal);
    const { group, eventId } = parseReplayRequest(body);
    const { listMaxLimit, replayLeaseMs } = this.config.consumers;
    const replay = await this.deadLetters.takeForReplay(group, eventId, listMaxLimit, replayLeaseMs);
    const { events } = replay;
    if (events.length) {
      this.logger.log({ event: 'consumer.dead_letters_replayed', group, eventIds: events.map((e) => e.id), by: principal.userId }, `Replaying ${events.length} dead letter(s) to ${group}`);
      try {
        await this.bus.redeliver(group, events);
      } catch (err) {
        await this.deadLetters.releaseReplay(group, replay);
        throw err;
      }
      await this.deadLetters.finishReplay(group, replay);
    }
    return { group, replayed: events.length, remaining: await this.deadLetters.pendingCount(group) };
  }
}
