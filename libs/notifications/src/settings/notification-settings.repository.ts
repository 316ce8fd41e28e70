import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NotificationSettings } from '@chat/contracts';
import { DEFAULT_NOTIFICATION_SETTINGS } from '@chat/domain';
import { NotificationSettingsEntity } from '@chat/persistence';

/** Per-user settings; a user without a row has the defaults. */
@Injectable()
export class NotificationSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async get(tenantId: string, userId: string): Promise<NotificationSettings> {
    const row = await this.dataSource.getRepository(NotificationSettingsEntity).findOneBy({ tenantId, userId });
    return row ? toSettings(row) : DEFAULT_NOTIFICATION_SETTINGS;
  }

  async save(tenantId: string, userId: string, settings: NotificationSettings): Promise<void> {
    await this.dataSource.getRepository(NotificationSettingsEntity).upsert({ tenantId, userId, ...settings, updatedAt: () => 'now()' }, ['userId']);
  }
}

export function toSettings(row: Pick<NotificationSettingsEntity, 'push' | 'email' | 'emailAddress' | 'channels'>): NotificationSettings {
  return { push: row.push, email: row.email, emailAddress: row.emailAddress, channels: row.channels };
}
