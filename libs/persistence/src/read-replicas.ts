import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, Metrics, type AppConfig } from '@chat/platform';
import { createDataSource, guardHeldConnections } from './data-source';

/** A replica that failed is left alone this long before it is tried again, so a dead one costs each read nothing. */
const RETRY_AFTER_MS = 10_000;
/** An unreachable replica fails fast: its read still has the primary to go to. */
const CONNECT_TIMEOUT_MS = 2_000;

interface Replica {
  url: string;
  /** Connected on first use, so a replica down at start delays nothing. */
  source: Promise<DataSource> | null;
  unavailableUntil: number;
}

/**
 * The streaming read replicas in DATABASE_REPLICA_URLS (seed 004 R12.1), for reads that can
 * prove a replica has replayed what they need (`fresh`); everything else reads the primary.
 * Replicas take turns; one that is down or fails a read is skipped for a while, and its read
 * goes to the primary, so a replica never makes an answer fail or come out short. Without
 * replicas (the embedded default) every read is the primary's.
 */
@Injectable()
export class ReadReplicas implements OnApplicationShutdown {
  private readonly logger = new Logger('ReadReplicas');
  private readonly replicas: Replica[];
  private next = 0;

  constructor(
    private readonly primary: DataSource,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.replicas = config.database.replicaUrls.map((url) => ({ url, source: null, unavailableUntil: 0 }));
  }

  /**
   * `read` on a replica for which `fresh` answers true, else on the primary. `fresh` runs on the
   * replica first: replicas only move forward, so what it finds there is still there for `read`.
   */
  async read<T>(fresh: (replica: DataSource) => Promise<boolean>, read: (source: DataSource) => Promise<T>): Promise<T> {
    const replica = this.pick();
    if (!replica) return read(this.primary);
    try {
      const source = await this.connect(replica);
      if (await fresh(source)) {
        const answer = await read(source);
        this.metrics.replicaReads.inc({ outcome: 'replica' });
        return answer;
      }
      this.metrics.replicaReads.inc({ outcome: 'behind' });
    } catch (err) {
      this.metrics.replicaReads.inc({ outcome: 'unavailable' });
      replica.unavailableUntil = Date.now() + RETRY_AFTER_MS;
      this.logger.warn({ err: (err as Error).message, replica: redacted(replica.url) }, 'read replica failed; reading the primary');
    }
    return read(this.primary);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.replicas.map(async (r) => (await r.source?.catch(() => null))?.destroy()));
  }

  private pick(): Replica | undefined {
    const now = Date.now();
    for (let tried = 0; tried < this.replicas.length; tried++) {
      const replica = this.replicas[this.next++ % this.replicas.length];
      if (replica.unavailableUntil <= now) return replica;
    }
    return undefined;
  }

  private connect(replica: Replica): Promise<DataSource> {
    replica.source ??= createDataSource({
      url: replica.url,
      poolMax: this.config.database.pool.max,
      poolIdleTimeoutMs: this.config.database.pool.idleTimeoutMs,
      applicationName: 'chat-replica-reads',
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
    })
      .initialize()
      .then((source) => {
        guardHeldConnections(source, (err) => this.logger.warn({ err: err.message, replica: redacted(replica.url) }, 'a read replica connection was lost'));
        return source;
      })
      .catch((err: unknown) => {
        replica.source = null; // the next try connects afresh
        throw err;
      });
    return replica.source;
  }
}

/** The URL without its password, for logs. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
