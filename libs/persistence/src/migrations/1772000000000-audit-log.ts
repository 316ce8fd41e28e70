import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log (@chat/audit, seed 000 FR-010). Keyed by tenant and a time-ordered id, so a
 * tenant's page, a time range and the retention prune are all range scans of the primary key;
 * the two other indexes serve the filters by actor and by conversation.
 */
export class AuditLog1772000000000 implements MigrationInterface {
  name = 'AuditLog1772000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "audit_log" ("tenant_id" uuid NOT NULL, "id" uuid NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "action" text NOT NULL, "outcome" text NOT NULL, "error_code" text, "actor_id" uuid, "conversation_id" uuid, "message_id" uuid, "request_id" text, "ip" text, "details" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "audit_log_pkey" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await q.query(`CREATE INDEX "audit_log_actor" ON "audit_log" ("tenant_id", "actor_id", "id")`);
    await q.query(`CREATE INDEX "audit_log_conversation" ON "audit_log" ("tenant_id", "conversation_id", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_log"`);
  }
}
