import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A user's language and time zone kept with the account (seed 003 req. 18.2): the web client and notification texts use them. Null: not chosen. */
export class UserPreferences1790000000000 implements MigrationInterface {
  name = 'UserPreferences1790000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ADD "locale" text, ADD "time_zone" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP COLUMN "time_zone", DROP COLUMN "locale"`);
  }
}
