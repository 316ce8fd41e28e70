import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The device key a login's refresh tokens are bound to (`auth_sessions.device_key`, an ECDSA P-256
 * public JWK): a refresh of that login must carry a proof signed with it. Null for unbound logins
 * and every login made before. A nullable column without a default changes only the catalog: no
 * rewrite, and the previous release keeps inserting (unbound) logins without it; a login bound by
 * the new release and refreshed by an old pod during the rollout is renewed without a proof, as
 * before this release.
 */
export class DeviceBoundLogins1806000000000 implements MigrationInterface {
  name = 'DeviceBoundLogins1806000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "auth_sessions" ADD COLUMN IF NOT EXISTS "device_key" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "auth_sessions" DROP COLUMN IF EXISTS "device_key"`);
  }
}
