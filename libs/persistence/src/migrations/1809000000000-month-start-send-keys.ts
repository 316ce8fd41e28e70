import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The idempotency keys of sends made near a month's start (nearMonthStart). Once messages is
 * partitioned by month (MessagePartitions) its unique index on a sender's clientMessageId is one per
 * partition, and two copies of one send in flight at once on either side of a month's first
 * millisecond would take ids in two partitions: their keys meet here instead, under one primary
 * key, and the second statement fails like a twin on one index. Rows older than a day are pruned
 * (MessagePartitionKeeper); a plain table gets the same few rows a month, harmlessly.
 */
export class MonthStartSendKeys1809000000000 implements MigrationInterface {
  name = 'MonthStartSendKeys1809000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "month_start_send_keys" ("conversation_id" uuid NOT NULL, "sender_id" uuid NOT NULL, "client_message_id" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "month_start_send_keys_pkey" PRIMARY KEY ("conversation_id", "sender_id", "client_message_id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "month_start_send_keys"`);
  }
}
