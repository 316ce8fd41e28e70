import type { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_NOTIFY_SETTING } from '../outbox/outbox-commits';

/**
 * The outbox trigger leaves out its NOTIFY for a session that sets OUTBOX_NOTIFY_SETTING to off:
 * a single node's pool, whose relay hears of its commits in process (see OutboxCommits). Postgres
 * serialises every notifying commit on one lock held until the commit is flushed, and the
 * listening backend runs a transaction per notification, so under load the NOTIFY cost more than
 * the statement it followed.
 */
export class OutboxNotifyOptOut1769000000000 implements MigrationInterface {
  name = 'OutboxNotifyOptOut1769000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE OR REPLACE FUNCTION "outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF current_setting('${OUTBOX_NOTIFY_SETTING}', true) IS DISTINCT FROM 'off' THEN PERFORM pg_notify('outbox_inserted', ''); END IF;
           RETURN NULL;
         END $$`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION "outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('outbox_inserted', ''); RETURN NULL; END $$`);
  }
}
