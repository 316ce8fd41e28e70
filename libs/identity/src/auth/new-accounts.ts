import { Injectable, Logger } from '@nestjs/common';

/** An account just made, committed already. */
export interface NewAccount {
  tenantId: string;
  userId: string;
}

/** What another context does for a new account (e.g. @chat/conversations' default channels). */
export type NewAccountListener = (account: NewAccount) => Promise<void>;

/**
 * How other contexts learn of new accounts (password registration, guest login, first SSO login,
 * a new tenant's first administrator):
 * told after the account's commit and before its first login answers, so what they do is there when
 * the client first looks. Those contexts import identity, not the other way round, so they listen
 * at start-up (`onCreated`) rather than being called by name. A listener's failure is logged and
 * never fails the registration: the account is whole without it.
 */
@Injectable()
export class NewAccounts {
  private readonly logger = new Logger(NewAccounts.name);
  private readonly listeners: NewAccountListener[] = [];

  onCreated(listener: NewAccountListener): void {
    this.listeners.push(listener);
  }

  async created(account: NewAccount): Promise<void> {
    for (const listener of this.listeners) {
      await listener(account).catch((err: unknown) => this.logger.error({ event: 'account.created.listener-failed', ...account, err }, 'A context failed to set up a new account'));
    }
  }
}
