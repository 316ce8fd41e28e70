import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feature flags per tenant (@chat/features, seed 003 R17.4): a row per flag a tenant has set (a
 * flag without one has the registry's default), and the users it forces on or off. Read whole per
 * tenant into each process's cache, so neither table is on a hot path.
 */
export class FeatureFlags1782000000000 implements MigrationInterface {
  name = 'FeatureFlags1782000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "feature_flags" ("tenant_id" uuid NOT NULL REFERENCES "tenants" ("id") ON DELETE CASCADE, "key" text NOT NULL, "enabled" boolean NOT NULL, "rollout_percent" smallint NOT NULL DEFAULT 100 CHECK ("rollout_percent" BETWEEN 0 AND 100), "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "feature_flags_pkey" PRIMARY KEY ("tenant_id", "key"))`,
    );
    await q.query(
      `CREATE TABLE "feature_flag_overrides" ("tenant_id" uuid NOT NULL, "key" text NOT NULL, "user_id" uuid NOT NULL, "enabled" boolean NOT NULL, CONSTRAINT "feature_flag_overrides_pkey" PRIMARY KEY ("tenant_id", "key", "user_id"), CONSTRAINT "feature_flag_overrides_flag" FOREIGN KEY ("tenant_id", "key") REFERENCES "feature_flags" ("tenant_id", "key") ON DELETE CASCADE)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "feature_flag_overrides"`);
    await q.query(`DROP TABLE "feature_flags"`);
  }
}
