import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications for offline recipients (@chat/notifications): per-user settings (a user without a
 * row has the defaults), the browsers' Web Push subscriptions (an endpoint belongs to one user at a
 * time: registering it again moves it), and the queue of notifications waiting to go out. A queue
 * row is unique per recipient and message, so a redelivered event queues nothing twice; `due_at`
 * orders the dispatcher's claims and doubles as its lease and its backoff.
 */
export class Notifications1770000000000 implements MigrationInterface {
  name = 'Notifications1770000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "notification_settings" ("user_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "push" boolean NOT NULL, "email" boolean NOT NULL, "email_address" text, "channels" boolean NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "notification_settings_pkey" PRIMARY KEY ("user_id"))`,
    );
    await q.query(
      `CREATE TABLE "push_subscriptions" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "endpoint" text NOT NULL, "p256dh" text NOT NULL, "auth" text NOT NULL, "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "push_subscriptions_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "push_subscriptions_endpoint" ON "push_subscriptions" ("endpoint")`);
    await q.query(`CREATE INDEX "push_subscriptions_user" ON "push_subscriptions" ("tenant_id", "user_id")`);
    await q.query(
      `CREATE TABLE "notification_queue" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "message_id" uuid NOT NULL, "seq" bigint NOT NULL, "message_created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "attempts" integer NOT NULL DEFAULT 0, "last_error" text, CONSTRAINT "notification_queue_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "notification_queue_recipient_message" ON "notification_queue" ("user_id", "message_id")`);
    await q.query(`CREATE INDEX "notification_queue_due" ON "notification_queue" ("due_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "notification_queue"`);
    await q.query(`DROP TABLE "push_subscriptions"`);
    await q.query(`DROP TABLE "notification_settings"`);
  }
}
