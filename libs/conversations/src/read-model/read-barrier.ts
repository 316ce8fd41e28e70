import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How long a read waits for the relay before answering from what is projected. */
const MAX_WAIT_MS = 2_000;
const POLL_MS = 5;

/**
 * Read-your-writes for the projected read model: before a read, wait until every outbox row
 * committed before it has been published. The relay marks a row published only after every
 * consumer group of the in-process bus applied it, so in the embedded mode "published" means
 * "projected". With Kafka it means "on the broker": the projection may still trail by its
 * consumer lag (clients also get live frames). Both checks are index lookups (outbox primary
 * key and the partial index of unpublished rows), and there is nothing to wait for when the
 * relay is idle.
 */
@Injectable()
export class ReadBarrier {
  constructor(private readonly dataSource: DataSource) {}

  async awaitCommittedEvents(): Promise<void> {
    const [{ head }] = await this.dataSource.query(`SELECT max(id) AS head FROM outbox`);
    if (head === null) return;
    const deadline = Date.now() + MAX_WAIT_MS;
    for (;;) {
      const [{ pending }] = await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM outbox WHERE published_at IS NULL AND id <= $1) AS pending`, [head]);
      if (!pending || Date.now() >= deadline) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
