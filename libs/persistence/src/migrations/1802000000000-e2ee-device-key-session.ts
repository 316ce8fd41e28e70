import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The login a device key was last registered from (`e2ee_device_keys.session_id`, an
 * `auth_sessions` id): the web client registers its key at every start, so this is the device's
 * login, and unlinking the device ends it. Null for keys registered before, whose unlink ends no
 * login. No foreign key: ended logins are swept (ExpiredLoginsSweep) while the key stays, and an
 * id that names no login any more ends nothing. A nullable column without a default changes only
 * the catalog: no rewrite, and the previous release keeps inserting rows without it.
 */
export class E2eeDeviceKeySession1802000000000 implements MigrationInterface {
  name = 'E2eeDeviceKeySession1802000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "e2ee_device_keys" ADD COLUMN IF NOT EXISTS "session_id" uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "e2ee_device_keys" DROP COLUMN IF EXISTS "session_id"`);
  }
}
