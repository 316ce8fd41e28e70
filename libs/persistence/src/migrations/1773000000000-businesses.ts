import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Business chats (@chat/businesses, seed 004): businesses, their agents (with the time of each
 * one's last assignment, round-robin's turn order), and the inbox: one row per customer and
 * business, naming the conversation and the agent assigned to it (null while it waits).
 */
export class Businesses1773000000000 implements MigrationInterface {
  name = 'Businesses1773000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "businesses" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "name" text NOT NULL, "owner_id" uuid NOT NULL, "routing" text NOT NULL, "hours" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "businesses_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "business_agents" ("business_id" uuid NOT NULL, "user_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_assigned_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "business_agents_pkey" PRIMARY KEY ("business_id", "user_id"))`,
    );
    await q.query(
      `CREATE TABLE "business_conversations" ("conversation_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "business_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "agent_id" uuid, "assigned_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "business_conversations_pkey" PRIMARY KEY ("conversation_id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "business_conversations_customer" ON "business_conversations" ("business_id", "customer_id")`);
    await q.query(`CREATE INDEX "business_conversations_agent" ON "business_conversations" ("business_id", "agent_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "business_conversations"`);
    await q.query(`DROP TABLE "business_agents"`);
    await q.query(`DROP TABLE "businesses"`);
  }
}
