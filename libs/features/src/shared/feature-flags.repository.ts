import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isFeatureKey, type FeatureKey, type FeatureOverride } from '@chat/contracts';
import type { TenantFlag } from '../evaluation/feature-evaluation';

/** A flag as stored, with when it was last set. */
export type StoredFlag = TenantFlag & { updatedAt: Date };

/** The tenant's flags (`feature_flags`) and their per-user overrides (`feature_flag_overrides`). */
@Injectable()
export class FeatureFlagsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every flag the tenant set, with its overrides, in two queries (keys the code no longer knows are left out). */
  async load(tenantId: string): Promise<Map<FeatureKey, StoredFlag>> {
    const [flags, overrides] = await Promise.all([
      this.dataSource.query(`SELECT key, enabled, rollout_percent AS "rolloutPercent", updated_at AS "updatedAt" FROM feature_flags WHERE tenant_id = $1`, [tenantId]) as Promise<{ key: string; enabled: boolean; rolloutPercent: number; updatedAt: Date }[]>,
      this.dataSource.query(`SELECT key, user_id AS "userId", enabled FROM feature_flag_overrides WHERE tenant_id = $1 ORDER BY key, user_id`, [tenantId]) as Promise<{ key: string; userId: string; enabled: boolean }[]>,
    ]);
    const byKey = new Map<FeatureKey, StoredFlag>();
    for (const f of flags) if (isFeatureKey(f.key)) byKey.set(f.key, { enabled: f.enabled, rolloutPercent: f.rolloutPercent, updatedAt: f.updatedAt, overrides: new Map() });
    for (const o of overrides) (byKey.get(o.key as FeatureKey)?.overrides as Map<string, boolean> | undefined)?.set(o.userId, o.enabled);
    return byKey;
  }

  /** Replaces the flag's whole state for the tenant, its overrides included, inside the caller's transaction. */
  async replace(em: EntityManager, tenantId: string, key: FeatureKey, state: { enabled: boolean; rolloutPercent: number; overrides: FeatureOverride[] }, updatedBy: string): Promise<void> {
    await em.query(
      `INSERT INTO feature_flags (tenant_id, key, enabled, rollout_percent, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (tenant_id, key) DO UPDATE SET enabled = EXCLUDED.enabled, rollout_percent = EXCLUDED.rollout_percent, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [tenantId, key, state.enabled, state.rolloutPercent, updatedBy],
    );
    await em.query(`DELETE FROM feature_flag_overrides WHERE tenant_id = $1 AND key = $2`, [tenantId, key]);
    if (state.overrides.length) {
      await em.query(`INSERT INTO feature_flag_overrides (tenant_id, key, user_id, enabled) SELECT $1, $2, u, e FROM unnest($3::uuid[], $4::boolean[]) AS o(u, e)`, [
        tenantId,
        key,
        state.overrides.map((o) => o.userId),
        state.overrides.map((o) => o.enabled),
      ]);
    }
  }

  /** Which of these users exist in the tenant. */
  async existingUsers(tenantId: string, userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM users WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [tenantId, userIds]);
    return new Set(rows.map((r) => r.id));
  }
}
