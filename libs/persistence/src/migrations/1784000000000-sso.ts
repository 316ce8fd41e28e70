import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single sign-on with OpenID Connect (@chat/identity sso/). `sso_identities` links a person at an
 * identity provider (issuer, subject) to one account per tenant: later logins find the account by
 * it, never by username. `sso_pending_logins` holds a started login (state, nonce, PKCE verifier)
 * until its callback, and `sso_login_codes` the one-time codes the web client exchanges for
 * tokens; both by sha-256 hash, single use, and short-lived, in Postgres so a callback or an
 * exchange may reach another process than the one that started the login.
 */
export class Sso1784000000000 implements MigrationInterface {
  name = 'Sso1784000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "sso_identities" ("tenant_id" uuid NOT NULL, "issuer" text NOT NULL, "subject" text NOT NULL, "user_id" uuid NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(), "last_login_at" timestamptz NOT NULL DEFAULT now(), CONSTRAINT "sso_identities_pkey" PRIMARY KEY ("tenant_id", "issuer", "subject"))`);
    await q.query(`CREATE INDEX "sso_identities_user" ON "sso_identities" ("tenant_id", "user_id")`);
    await q.query(`CREATE TABLE "sso_pending_logins" ("state_hash" text NOT NULL PRIMARY KEY, "tenant_id" uuid NOT NULL, "nonce" text NOT NULL, "code_verifier" text NOT NULL, "redirect_uri" text NOT NULL, "return_to" text NOT NULL, "expires_at" timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX "sso_pending_logins_expires" ON "sso_pending_logins" ("expires_at")`);
    await q.query(`CREATE TABLE "sso_login_codes" ("code_hash" text NOT NULL PRIMARY KEY, "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "expires_at" timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX "sso_login_codes_expires" ON "sso_login_codes" ("expires_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sso_login_codes"`);
    await q.query(`DROP TABLE "sso_pending_logins"`);
    await q.query(`DROP TABLE "sso_identities"`);
  }
}
