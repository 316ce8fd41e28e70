import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { READ_MODEL_GROUP } from './read-model.consumer';

/** How long a read waits for the projection before answering from what is projected. */
const MAX_WAIT_MS = 2_000;
const POLL_MS = 5;
/** A read checks at most this many of the newest outbox rows: a longer backlog outlasts the wait anyway. */
const MAX_CHECKED_ROWS = 5_000;
/**
 * Outbox ids are taken at insert but become visible at commit, so a row can appear below a head
 * already confirmed. Re-checking this many rows under the confirmed head covers every writer
 * that was still committing then (far more than the connection pools allow at once).
 */
const LATE_COMMIT_SLACK_ROWS = 256;

/**
 * Read-after-write for the projected read model: before a read, wait until every outbox row
 * committed before it has been applied by the read-model consumer (its id is in `rm_inbox`). That
 * holds in both modes: in-process the relay hands events to the projection directly, over Kafka
 * the projection trails the broker by its consumer lag. Only rows above the head this process last
 * confirmed are checked (index lookups on the primary keys), so an idle or caught-up projection
 * costs one short query. An event the projection set aside as a dead letter (not replayed yet) is
 * not waited for: it will not be applied until an operator replays it, and waiting for it would
 * hold every read of this process for the whole wait. A replayed one is waited for again.
 */
@Injectable()
export class ReadBarrier {
  private confirmedHead = 0;

  constructor(private readonly dataSource: DataSource) {}

  async awaitCommittedEvents(): Promise<void> {
    const [{ head }] = await this.dataSource.query(`SELECT max(id) AS head FROM outbox`);
    if (head === null) return;
    const target = Number(head);
    const from = Math.max(this.confirmedHead - LATE_COMMIT_SLACK_ROWS, target - MAX_CHECKED_ROWS, 0);
    const deadline = Date.now() + MAX_WAIT_MS;
    for (;;) {
      const [{ pending }] = await this.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM outbox o WHERE o.id > $1 AND o.id <= $2
                           AND NOT EXISTS (SELECT 1 FROM rm_inbox i WHERE i.consumer = $3 AND i.event_id = o.event_id)
                           AND NOT EXISTS (SELECT 1 FROM consumer_dead_letters d WHERE d.consumer_group = $3 AND d.event_id = o.event_id AND d.replayed_at IS NULL)) AS pending`,
        [from, target, READ_MODEL_GROUP],
      );
      if (!pending) {
        this.confirmedHead = Math.max(this.confirmedHead, target);
        return;
      }
      if (Date.now() >= deadline) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
