import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The login that registered a push subscription: the subscription ends with it (logout, a session
 * ended from elsewhere, a ban). Null for those registered before: they end when all of the user's
 * logins do. A nullable column without a default: no rewrite, a brief lock.
 */
export class PushSubscriptionSession1820000000000 implements MigrationInterface {
  name = 'PushSubscriptionSession1820000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "push_subscriptions" ADD COLUMN "session_id" uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "push_subscriptions" DROP COLUMN "session_id"`);
  }
}
