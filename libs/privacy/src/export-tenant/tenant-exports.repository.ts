import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ErrorCode, type TenantExport, type TenantExportCounts } from '@chat/contracts';
import { DomainError } from '@chat/domain';

/** An export not past its `expiresAt` (see toExport), the retention in hours being the statement's $3. */
const UNEXPIRED = `created_at + make_interval(hours => $3) > now()`;

interface ExportRow {
  tenant_id: string;
  id: string;
  requested_by: string;
  status: TenantExport['status'];
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  size_bytes: string | null;
  counts: TenantExportCounts | null;
  error: string | null;
  file_name: string | null;
  attempts: number;
}

/** An export claimed by a worker: what it needs to write the file. */
export interface ClaimedExport {
  tenantId: string;
  id: string;
  attempts: number;
}

/**
 * The `tenant_exports` table: the administrators' exports and their jobs' state. Reads are always
 * by the caller's tenant, so another tenant's export id is simply not found. Work is claimed with
 * FOR UPDATE SKIP LOCKED and a lease (`claimed_until`) the worker renews: any number of workers,
 * each export run by one at a time, and an export whose worker died is taken over once its lease
 * runs out.
 */
@Injectable()
export class TenantExportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * A new pending export, unless the tenant has `maxPending` waiting or running: the count and the
   * insert run under a per-tenant transaction lock, so concurrent requests cannot both slip under it.
   */
  async request(tenantId: string, requestedBy: string, maxPending: number, retentionHours: number): Promise<TenantExport> {
    return this.dataSource.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('tenant-export:' || $1))`, [tenantId]);
      const [{ pending }] = await em.query(`SELECT count(*)::int AS pending FROM tenant_exports WHERE tenant_id = $1 AND status IN ('pending', 'running')`, [tenantId]);
      if (pending >= maxPending) {
        throw new DomainError(ErrorCode.EXPORT_LIMIT_REACHED, `This tenant has ${pending} exports waiting or running (at most ${maxPending})`, 'Wait for one to be ready or to fail, then ask again');
      }
      const [row] = await em.query(`INSERT INTO tenant_exports (tenant_id, id, requested_by) VALUES ($1, $2, $3) RETURNING *`, [tenantId, uuidv7(), requestedBy]);
      return toExport(row, retentionHours);
    });
  }

  /** The export, unless it is past its `expiresAt`: one the worker has not removed yet is gone all the same. */
  async find(tenantId: string, id: string, retentionHours: number): Promise<TenantExport & { fileName: string | null }> {
    const [row]: ExportRow[] = await this.dataSource.query(`SELECT * FROM tenant_exports WHERE tenant_id = $1 AND id = $2 AND ${UNEXPIRED}`, [tenantId, id, retentionHours]);
    if (!row) throw new DomainError(ErrorCode.EXPORT_NOT_FOUND, 'No such export in this tenant');
    return { ...toExport(row, retentionHours), fileName: row.file_name };
  }

  /** Newest first, none past its `expiresAt`; `before` is the last id of the previous page (ids are UUIDv7, so they order by time). */
  async list(tenantId: string, before: string | undefined, limit: number, retentionHours: number): Promise<{ exports: TenantExport[]; hasMore: boolean }> {
    const rows: ExportRow[] = await this.dataSource.query(
      `SELECT * FROM tenant_exports WHERE tenant_id = $1 AND ($4::uuid IS NULL OR id < $4::uuid) AND ${UNEXPIRED} ORDER BY id DESC LIMIT $2`,
      [tenantId, limit + 1, retentionHours, before ?? null],
    );
    return { exports: rows.slice(0, limit).map((r) => toExport(r, retentionHours)), hasMore: rows.length > limit };
  }

  /**
   * Takes the oldest export that is pending, or running under a lease that ran out (its worker
   * died), for `worker` until `leaseSeconds` from now; one past `maxAttempts` is marked failed
   * instead (it kept killing or failing its workers). Null when there is nothing to do.
   */
  async claim(worker: string, leaseSeconds: number, maxAttempts: number): Promise<ClaimedExport | null> {
    for (;;) {
      // An UPDATE answers [rows, count] (TypeORM's Postgres driver).
      const [[row]]: [ExportRow[], number] = await this.dataSource.query(
        `UPDATE tenant_exports e
            SET status = CASE WHEN e.attempts >= $3 THEN 'failed' ELSE 'running' END,
                attempts = CASE WHEN e.attempts >= $3 THEN e.attempts ELSE e.attempts + 1 END,
                claimed_by = $1, claimed_until = now() + make_interval(secs => $2), started_at = coalesce(e.started_at, now()),
                finished_at = CASE WHEN e.attempts >= $3 THEN now() END,
                error = CASE WHEN e.attempts >= $3 THEN 'Gave up after ' || e.attempts || ' attempts' END
           FROM (SELECT tenant_id, id FROM tenant_exports
                  WHERE status = 'pending' OR (status = 'running' AND claimed_until < now())
                  ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED) next
          WHERE e.tenant_id = next.tenant_id AND e.id = next.id
          RETURNING e.*`,
        [worker, leaseSeconds, maxAttempts],
      );
      if (!row) return null;
      if (row.status === 'running') return { tenantId: row.tenant_id, id: row.id, attempts: row.attempts };
    }
  }

  /** Extends the lease while the worker writes; false when it is no longer this worker's. */
  async renew(claim: ClaimedExport, worker: string, leaseSeconds: number): Promise<boolean> {
    const [, count]: [unknown[], number] = await this.dataSource.query(
      `UPDATE tenant_exports SET claimed_until = now() + make_interval(secs => $4) WHERE tenant_id = $1 AND id = $2 AND status = 'running' AND claimed_by = $3 RETURNING id`,
      [claim.tenantId, claim.id, worker, leaseSeconds],
    );
    return count > 0;
  }

  /** Marks it ready, if it is still this worker's (a worker that lost its lease keeps nothing). */
  async complete(claim: ClaimedExport, worker: string, fileName: string, sizeBytes: number, counts: TenantExportCounts): Promise<boolean> {
    const [, count]: [unknown[], number] = await this.dataSource.query(
      `UPDATE tenant_exports SET status = 'ready', finished_at = now(), file_name = $4, size_bytes = $5, counts = $6, claimed_by = NULL, claimed_until = NULL, error = NULL
        WHERE tenant_id = $1 AND id = $2 AND status = 'running' AND claimed_by = $3 RETURNING id`,
      [claim.tenantId, claim.id, worker, fileName, sizeBytes, JSON.stringify(counts)],
    );
    return count > 0;
  }

  /**
   * After an error: back to pending for another attempt, or failed once the attempts are used up.
   * Without an error (a shutdown stopped it), back to pending with the attempt given back.
   */
  async release(claim: ClaimedExport, worker: string, error: string | null, maxAttempts: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE tenant_exports
          SET status = CASE WHEN $4::text IS NOT NULL AND attempts >= $5 THEN 'failed' ELSE 'pending' END,
              finished_at = CASE WHEN $4::text IS NOT NULL AND attempts >= $5 THEN now() END,
              attempts = CASE WHEN $4::text IS NULL THEN attempts - 1 ELSE attempts END,
              error = coalesce($4, error), claimed_by = NULL, claimed_until = NULL
        WHERE tenant_id = $1 AND id = $2 AND status = 'running' AND claimed_by = $3`,
      [claim.tenantId, claim.id, worker, error?.slice(0, 500) ?? null, maxAttempts],
    );
  }

  /**
   * Up to `limit` exports requested before `cutoff`, oldest first, to remove; none that is running
   * (its worker is writing the file: it goes once finished, or once failed if its worker died).
   */
  async expired(cutoff: Date, limit: number): Promise<ClaimedExport[]> {
    const rows: ExportRow[] = await this.dataSource.query(`SELECT tenant_id, id, attempts FROM tenant_exports WHERE created_at < $1 AND status <> 'running' ORDER BY created_at LIMIT $2`, [cutoff, limit]);
    return rows.map((r) => ({ tenantId: r.tenant_id, id: r.id, attempts: r.attempts }));
  }

  async remove(exports: ClaimedExport[]): Promise<void> {
    if (exports.length === 0) return;
    // Not one a worker claimed since `expired` read it.
    await this.dataSource.query(`DELETE FROM tenant_exports WHERE (tenant_id, id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[])) AND status <> 'running'`, [exports.map((e) => e.tenantId), exports.map((e) => e.id)]);
  }
}

function toExport(row: ExportRow, retentionHours: number): TenantExport {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: row.id,
    status: row.status,
    requestedBy: row.requested_by,
    createdAt: new Date(row.created_at).toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    counts: row.counts,
    error: row.error,
    expiresAt: new Date(new Date(row.created_at).getTime() + retentionHours * 3_600_000).toISOString(),
  };
}
