import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventName } from '@chat/contracts';
import { OutboxWriter, type UserEntity } from '@chat/persistence';
import { UsersRepository, type ProfileFields } from '../auth/users.repository';

/**
 * The one way an account's name or avatar changes, whoever asks (`PATCH /v1/me`, a profile from
 * the main service): the row and its `chat.user.renamed.v1` event commit together, so every
 * conversation partner's client hears of it; the same name and avatar again change and announce
 * nothing.
 */
@Injectable()
export class ProfileWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /** The account as it is now and whether it changed; null when it is gone (deleted, or no such account). */
  apply(tenantId: string, userId: string, profile: ProfileFields): Promise<{ user: UserEntity; changed: boolean } | null> {
    return this.dataSource.transaction(async (em) => {
      const updated = await this.users.updateProfile(em, tenantId, userId, profile);
      if (updated?.changed) {
        const { displayName, avatarUrl } = updated.user;
        await this.outbox.append(em, [{ name: EventName.UserRenamed, tenantId, aggregateType: 'user', aggregateId: userId, payload: { userId, displayName, avatarUrl } }]);
      }
      return updated;
    });
  }
}
