import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { UsersRepository } from '@chat/identity';
import { AccountMessagesEraser } from '@chat/messaging';
import { every } from '@chat/platform';

/** A lost wake-up (a crash right after a deletion) is made up for within this time. */
const SWEEP_INTERVAL_MS = 60_000;
/** Accounts per pass, and messages per transaction. */
const ACCOUNTS_PER_PASS = 10;
const MESSAGES_PER_BATCH = 500;

/**
 * Erases the messages and reactions of deleted accounts (AccountMessagesEraser): woken right after a deletion, and every minute for what
 * a crash left (deleted accounts without `messages_erased_at`). Erasing is idempotent, so two nodes
 * sweeping the same account only wait on each other's row locks.
 */
@Injectable()
export class AccountErasure implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AccountErasure.name);
  private stop: (() => Promise<void>) | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly users: UsersRepository,
    private readonly eraser: AccountMessagesEraser,
  ) {}

  onApplicationBootstrap(): void {
    this.stop = every(SWEEP_INTERVAL_MS, AccountErasure.name, async () => {
      await this.sweep();
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop?.();
    await this.running;
  }

  /** Starts a sweep now unless one is running (which will see the new deletion). */
  wake(): void {
    this.running ??= this.sweep()
      .then(
        () => undefined,
        (err) => this.logger.warn({ err }, 'Erasing a deleted account’s messages failed; the next sweep retries'),
      )
      .finally(() => (this.running = null));
  }

  /** Erases every pending account, pass after pass until one finds nothing left; answers how many messages went. */
  async sweep(): Promise<number> {
    let erased = 0;
    for (let pass = await this.pass(); pass > 0; pass = await this.pass()) erased += pass;
    return erased;
  }

  /**
   * An account is marked erased only by a pass that finds none of its messages left: one stored
   * after this pass read the account's conversations (a send of the account that began before the
   * deletion committed) is erased by the next pass, never left behind a mark.
   */
  private async pass(): Promise<number> {
    let erased = 0;
    for (const account of await this.users.pendingErasures(ACCOUNTS_PER_PASS)) {
      const found = await this.eraser.eraseAll(account.tenantId, account.id, MESSAGES_PER_BATCH);
      if (found === 0) await this.users.markMessagesErased(account.tenantId, account.id);
      erased += found;
    }
    return erased;
  }
}
