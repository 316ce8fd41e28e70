import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The banned user's role in the conversation when banned (`admin`, `member`; null for someone who
 * was not a member, and for the bans from before): lifting or replacing a ban takes a moderator
 * who outranks it, as the ban did. A nullable column without a default: no rewrite, a brief lock.
 */
export class ConversationBanRole1821000000000 implements MigrationInterface {
  name = 'ConversationBanRole1821000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "conversation_bans" ADD COLUMN "banned_role" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "conversation_bans" DROP COLUMN "banned_role"`);
  }
}
