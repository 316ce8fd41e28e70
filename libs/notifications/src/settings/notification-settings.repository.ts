import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NotificationSettings, NotificationSettingsView } from '@chat/contracts';
import { DEFAULT_NOTIFICATION_SETTINGS } from '@chat/domain';
import { NotificationSettingsEntity } from '@chat/persistence';

/** The hash of a code mailed to a new address, and until when it verifies it. */
export interface PendingEmailCode {
  hash: string;
  expiresAt: Date;
}

/** Per-user settings; a user without a row has the defaults. */
@Injectable()
export class NotificationSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async get(tenantId: string, userId: string): Promise<NotificationSettingsView> {
    const row = await this.dataSource.getRepository(NotificationSettingsEntity).findOneBy({ tenantId, userId });
    return row ? { ...toSettings(row), emailVerified: row.emailVerifiedAt !== null } : { ...DEFAULT_NOTIFICATION_SETTINGS, emailVerified: false };
  }

  /**
   * `newAddress` when the address changed: the new one (or none) is unverified, any code of the old
   * one is void, and `code` (the one mailed to the new address, if any) is the one pending.
   */
  async save(tenantId: string, userId: string, settings: NotificationSettings, newAddress?: { code: PendingEmailCode | null }): Promise<void> {
    const verification = newAddress && { emailVerifiedAt: null, emailCodeHash: newAddress.code?.hash ?? null, emailCodeExpiresAt: newAddress.code?.expiresAt ?? null, emailCodeAttempts: 0 };
    const { push, email, emailAddress, channels } = settings;
    await this.dataSource.getRepository(NotificationSettingsEntity).upsert({ tenantId, userId, push, email, emailAddress, channels, ...verification, updatedAt: () => 'now()' }, ['userId']);
  }
}

export function toSettings(row: Pick<NotificationSettingsEntity, 'push' | 'email' | 'emailAddress' | 'channels'>): NotificationSettings {
  return { push: row.push, email: row.email, emailAddress: row.emailAddress, channels: row.channels };
}
