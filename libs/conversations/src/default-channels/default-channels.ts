import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { channelNameKey } from '@chat/domain';
import { NewAccounts, type NewAccount } from '@chat/identity';
import { isUniqueViolation } from '@chat/persistence';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { SelfJoin } from '../join-conversation/self-join';
import { ConversationFounding } from '../shared/conversation-founding';
import { ConversationsRepository } from '../shared/conversations.repository';

/**
 * Seed 002 US2.2: a new account lands in its tenant's DEFAULT_CHANNELS, not in an empty list. Each
 * channel is joined as a self-join of a public channel is (SelfJoin: a ban in force, or a private
 * channel of that name, keeps the account out); where the tenant has no channel of that name yet,
 * this account founds it as its owner, so a fresh install has `general` from its first user on.
 *
 * It runs once the account is committed (NewAccounts), each channel in a transaction of its own:
 * the account never waits on, or is undone with, a channel it could not join; one that fails is
 * logged and the others are still joined. Rate limits are not spent: the server does this, not the
 * user, and DEFAULT_CHANNELS is bounded.
 */
@Injectable()
export class DefaultChannels implements OnModuleInit {
  private readonly logger = new Logger(DefaultChannels.name);

  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly selfJoin: SelfJoin,
    private readonly founding: ConversationFounding,
    private readonly newAccounts: NewAccounts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.defaultChannels.length) this.newAccounts.onCreated((account) => this.joinAll(account));
  }

  async joinAll(account: NewAccount): Promise<void> {
    for (const name of this.config.defaultChannels) {
      await this.joinOrFound(account, name).catch((err: unknown) =>
        this.logger.warn({ event: 'default-channel.join-failed', ...account, channel: name, err }, 'A new account could not join a default channel'),
      );
    }
  }

  private async joinOrFound(account: NewAccount, name: string): Promise<void> {
    const existing = await this.conversations.findChannel(account.tenantId, channelNameKey(name));
    if (existing) return this.join(account, existing.id);
    try {
      await this.found(account, name);
    } catch (err) {
      // Another registration founded it meanwhile (names are unique per tenant): join theirs. Postgres
      // raises the violation only once the winner committed, so its row is there to read.
      if (!isUniqueViolation(err, 'conversations_channel_name')) throw err;
      const winner = await this.conversations.findChannel(account.tenantId, channelNameKey(name));
      if (winner) await this.join(account, winner.id);
    }
  }

  private async join({ tenantId, userId }: NewAccount, conversationId: string): Promise<void> {
    await this.conversations.transaction(async (em) => {
      const conversation = await this.conversations.lock(em, tenantId, conversationId);
      // Deleted since it was found, or joined already (a first SSO login racing itself).
      if (!conversation || (await this.conversations.roleOf(tenantId, conversationId, userId, em))) return;
      await this.selfJoin.assertMayJoin(em, conversation, userId);
      await this.selfJoin.join(em, conversation, userId);
    });
  }

  private async found({ tenantId, userId }: NewAccount, name: string): Promise<void> {
    const row = { id: uuidv7(), tenantId, type: 'channel' as const, name, nameKey: channelNameKey(name), description: null, visibility: 'public' as const, directKey: null, createdBy: userId, memberCount: 0 };
    await this.conversations.transaction((em) => this.founding.found(em, row, [{ userId, role: 'owner' }]));
  }
}
