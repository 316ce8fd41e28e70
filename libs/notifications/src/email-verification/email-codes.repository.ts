import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PendingEmailCode } from '../settings/notification-settings.repository';

/**
 * The pending code of a user's unverified notification address, on their settings row. Each step
 * is one conditional statement, so concurrent requests cannot share a try or verify an address
 * that changed meanwhile.
 */
@Injectable()
export class EmailCodesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Replaces the pending code while `address` is still the user's unverified address; false when it no longer is. */
  async replace(tenantId: string, userId: string, address: string, code: PendingEmailCode): Promise<boolean> {
    const [, count] = await this.dataSource.query(
      `UPDATE notification_settings SET email_code_hash = $4, email_code_expires_at = $5, email_code_attempts = 0
        WHERE tenant_id = $1 AND user_id = $2 AND email_address = $3 AND email_verified_at IS NULL`,
      [tenantId, userId, address, code.hash, code.expiresAt],
    );
    return count > 0;
  }

  /** Spends one try of the pending code and returns its hash; null when there is none to try (none sent, expired, or its tries spent). */
  async spendTry(tenantId: string, userId: string, maxTries: number): Promise<string | null> {
    const [rows] = await this.dataSource.query(
      `UPDATE notification_settings SET email_code_attempts = email_code_attempts + 1
        WHERE tenant_id = $1 AND user_id = $2 AND email_verified_at IS NULL AND email_code_hash IS NOT NULL
          AND email_code_expires_at > now() AND email_code_attempts < $3
       RETURNING email_code_hash AS hash`,
      [tenantId, userId, maxTries],
    );
    return (rows as { hash: string }[])[0]?.hash ?? null;
  }

  /** Verifies the address the code `hash` was mailed to; false when the address (and its code with it) changed meanwhile. */
  async markVerified(tenantId: string, userId: string, hash: string): Promise<boolean> {
    const [, count] = await this.dataSource.query(
      `UPDATE notification_settings SET email_verified_at = now(), email_code_hash = NULL, email_code_expires_at = NULL, email_code_attempts = 0, updated_at = now()
        WHERE tenant_id = $1 AND user_id = $2 AND email_code_hash = $3`,
      [tenantId, userId, hash],
    );
    return count > 0;
  }

  /** The language the user reads the server's texts in (UserPreferences.locale). */
  async localeOf(tenantId: string, userId: string): Promise<string | null> {
    const rows: { locale: string | null }[] = await this.dataSource.query(`SELECT locale FROM users WHERE tenant_id = $1 AND id = $2`, [tenantId, userId]);
    return rows[0]?.locale ?? null;
  }
}
