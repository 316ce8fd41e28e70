import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './bigint-number.transformer';

/**
 * A tenant's metered usage on one UTC day (@chat/persistence usage/). The traffic columns only grow:
 * every node adds what it metered since its last flush (`x = x + EXCLUDED.x`), so flushers never
 * overwrite each other. The storage columns are a snapshot (the drift job's, set not added).
 */
@Entity('tenant_usage_daily')
@Index('tenant_usage_daily_day', ['day'])
export class TenantUsageDailyEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id', primaryKeyConstraintName: 'tenant_usage_daily_pkey' }) tenantId: string;
  @PrimaryColumn('date', { primaryKeyConstraintName: 'tenant_usage_daily_pkey' }) day: string;
  @Column('bigint', { name: 'connection_ms', default: 0, transformer: bigintNumber }) connectionMs: number;
  @Column('bigint', { name: 'socket_egress_bytes', default: 0, transformer: bigintNumber }) socketEgressBytes: number;
  @Column('bigint', { name: 'media_egress_bytes', default: 0, transformer: bigintNumber }) mediaEgressBytes: number;
  @Column('bigint', { name: 'message_storage_bytes', default: 0, transformer: bigintNumber }) messageStorageBytes: number;
  @Column('bigint', { name: 'media_storage_bytes', default: 0, transformer: bigintNumber }) mediaStorageBytes: number;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}

/** A tenant the drift job flagged: its cost on `day` against the trailing average before it. */
@Entity('tenant_cost_drift')
@Index('tenant_cost_drift_day', ['day'])
export class TenantCostDriftEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id', primaryKeyConstraintName: 'tenant_cost_drift_pkey' }) tenantId: string;
  @PrimaryColumn('date', { primaryKeyConstraintName: 'tenant_cost_drift_pkey' }) day: string;
  @Column('double precision') cost: number;
  @Column('double precision') baseline: number;
  @Column('double precision', { nullable: true }) ratio: number | null;
  @Column('timestamptz', { name: 'detected_at', default: () => 'now()' }) detectedAt: Date;
}
