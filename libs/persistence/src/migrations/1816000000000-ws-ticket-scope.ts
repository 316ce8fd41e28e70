import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A ws ticket may be scoped to some conversations. A nullable column without a default: no rewrite, a moment's lock. */
export class WsTicketScope1816000000000 implements MigrationInterface {
  name = 'WsTicketScope1816000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "ws_tickets" ADD COLUMN "conversation_ids" uuid[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "ws_tickets" DROP COLUMN "conversation_ids"`);
  }
}
