import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { APP_CONFIG, PRIVATE_FILE_MODE, ensurePrivateDirectory, every, type AppConfig } from '@chat/platform';
import { TenantExportWriter } from './tenant-export-writer';
import { TenantExportsRepository, type ClaimedExport } from './tenant-exports.repository';

/** Expired exports removed per statement. */
const REMOVALS_PER_BATCH = 100;

/**
 * Runs the administrators' exports in the background, where commands run (all-in-one, the command
 * app): woken by a request on this node, and every EXPORT_POLL_INTERVAL_MS for the rest (requests
 * on other replicas, exports a killed process left `running`, whose lease has run out). One export
 * at a time per process; claims make any number of processes safe. The file is written to
 * `<EXPORT_DIR>/<tenant>/<id>.ndjson.gz.part` and renamed when complete, so a file under its final
 * name is always whole. Files are 0600 in 0700 folders (EXPORT_DIR itself when this creates it). Each pass also removes exports older than EXPORT_RETENTION_HOURS, file first.
 */
@Injectable()
export class TenantExportWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TenantExportWorker.name);
  private stop: (() => Promise<void>) | null = null;
  private running: Promise<void> | null = null;
  /** Aborted at shutdown: the export being written stops at its next page and goes back to pending. */
  private readonly shutdown = new AbortController();

  constructor(
    private readonly exports: TenantExportsRepository,
    private readonly writer: TenantExportWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.stop = every(this.config.exports.pollIntervalMs, TenantExportWorker.name, () => this.pass());
    // Picks up at once what a previous process left behind, rather than one interval later.
    this.wake();
  }

  async onModuleDestroy(): Promise<void> {
    this.shutdown.abort(new Error('The process is stopping'));
    await this.stop?.();
    await this.running;
  }

  /** Starts a pass now unless one is running (which claims until nothing is left). */
  wake(): void {
    this.running ??= this.pass()
      .catch((err) => this.logger.warn({ err }, 'Export pass failed; the next one retries'))
      .finally(() => (this.running = null));
  }

  /** Removes expired exports, then runs claimable ones until none is left. */
  async pass(): Promise<void> {
    await this.removeExpired();
    const { leaseSeconds, maxAttempts } = this.config.exports;
    while (!this.shutdown.signal.aborted) {
      const claim = await this.exports.claim(this.config.nodeId, leaseSeconds, maxAttempts);
      if (!claim) return;
      await this.run(claim);
    }
  }

  private async run(claim: ClaimedExport): Promise<void> {
    const { dir, leaseSeconds, maxAttempts } = this.config.exports;
    const worker = this.config.nodeId;
    const fileName = exportFileName(claim);
    const file = path.join(dir, fileName);
    // Per attempt: a worker that lost its lease while still writing never writes into its successor's file.
    const partial = partialFileName(file, claim.attempts);
    const lease = setInterval(() => void this.exports.renew(claim, worker, leaseSeconds).catch((err) => this.logger.warn({ err }, 'Could not renew an export’s lease')), (leaseSeconds * 1000) / 3);
    try {
      // A whole tenant's messages: only this process's OS user may read them (EXPORT_DIR too, where this creates it).
      await ensurePrivateDirectory(dir);
      await ensurePrivateDirectory(path.dirname(file), { ownLeaf: true });
      const gzip = createGzip();
      const written = pipeline(gzip, createWriteStream(partial, { mode: PRIVATE_FILE_MODE }));
      let counts;
      try {
        counts = await this.writer.writeTo(gzip, claim.tenantId, claim.id, this.shutdown.signal);
        gzip.end();
      } catch (err) {
        gzip.destroy(err as Error);
        throw err;
      } finally {
        await written.catch(() => undefined);
      }
      await written;
      await rename(partial, file);
      const { size } = await stat(file);
      if (await this.exports.complete(claim, worker, fileName, size, counts)) {
        this.logger.log({ tenantId: claim.tenantId, exportId: claim.id, sizeBytes: size, counts }, 'Tenant export ready');
      } else {
        // Its lease ran out and another worker took it (whose copy is as whole as this one), or it expired meanwhile.
        this.logger.warn({ tenantId: claim.tenantId, exportId: claim.id }, 'Lost an export’s claim while writing it; discarding this copy');
      }
    } catch (err) {
      await rm(partial, { force: true });
      if (this.shutdown.signal.aborted) {
        // Not the export's fault: the attempt is given back, and the next process starts it again.
        this.logger.log({ tenantId: claim.tenantId, exportId: claim.id }, 'Tenant export interrupted by a shutdown; back to pending');
        await this.exports.release(claim, worker, null, maxAttempts);
      } else {
        this.logger.error({ err, tenantId: claim.tenantId, exportId: claim.id, attempt: claim.attempts }, 'Tenant export failed');
        await this.exports.release(claim, worker, err instanceof Error ? err.message : String(err), maxAttempts);
      }
    } finally {
      clearInterval(lease);
    }
  }

  /** Files first, then rows: a crash in between leaves rows whose files are gone, removed by the next pass. */
  private async removeExpired(): Promise<void> {
    const cutoff = new Date(Date.now() - this.config.exports.retentionHours * 3_600_000);
    for (;;) {
      const expired = await this.exports.expired(cutoff, REMOVALS_PER_BATCH);
      for (const e of expired) {
        const file = path.join(this.config.exports.dir, exportFileName(e));
        // Partial files too: those of attempts a killed process left behind.
        await Promise.all([file, ...Array.from({ length: e.attempts }, (_, i) => partialFileName(file, i + 1))].map((f) => rm(f, { force: true })));
      }
      await this.exports.remove(expired);
      if (expired.length > 0) this.logger.log({ removed: expired.length }, 'Removed expired tenant exports');
      if (expired.length < REMOVALS_PER_BATCH) return;
    }
  }
}

/** Where an export's file is kept, under EXPORT_DIR. */
const exportFileName = (e: { tenantId: string; id: string }) => path.join(e.tenantId, `${e.id}.ndjson.gz`);
const partialFileName = (file: string, attempt: number) => `${file}.${attempt}.part`;
