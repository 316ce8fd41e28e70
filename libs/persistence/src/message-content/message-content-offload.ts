import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { idFloor } from '@chat/domain';
import { Counter } from 'prom-client';
import { APP_CONFIG, Metrics, PeriodicJob, type AppConfig } from '@chat/platform';
import { exclusivePass } from '../exclusive-pass';
import { FIRST_MESSAGE_ID } from '../message-body/message-body-reencryption';
import { DAY_MS } from '../message-partitions/partition-months';
import { inParallel } from './in-parallel';
import { contentStub } from './message-bodies';
import { MESSAGE_CONTENT_STORE, type MessageContentStore } from './message-content-store';

const OFFLOAD_INTERVAL_MS = 60_000;
/** Rounds one pass runs at most before it lets the next tick carry on (a first pass over years of messages). */
const ROUNDS_PER_PASS = 200;
/** Objects written at once. */
const PUTS_IN_FLIGHT = 8;
/**
 * An object a round writes is queued for deletion this far ahead before it is written, and the
 * queue entry withdrawn when its row takes it: a round that dies between the two leaves no object
 * behind. Far longer than a round's writes take.
 */
const INTENT_GRACE = '10 minutes';

/** What one round did. */
export interface OffloadRound {
  /** Rows moved to the store. */
  offloaded: number;
  /** Rows edited, deleted or re-encrypted while the round held them: left in the table, their object deleted. */
  changed: number;
  /** Whether rows remain below the age limit (the round was full). */
  more: boolean;
}

interface Candidate {
  id: string;
  tenant_id: string;
  version: number;
  body: string;
}

/**
 * Moves the bodies of messages older than MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS out of the messages
 * table into the message content store, one object per message (seed 004 R12.3: content in S3,
 * metadata in SQL), in id order (ids are UUIDv7: id order is age order) from where the last round
 * stopped (`message_content_offload`). The object is the body as stored (sealed bodies stay
 * sealed); the row keeps `contentStub` and the object's key, and MessageBodies reads it back.
 *
 * A round writes its objects first and then, in one statement, points each row at its object only
 * if the row is still as it was read (body, not deleted, not offloaded): an edit or deletion made
 * meanwhile wins and the object goes. A message edited after its round keeps its new body in the
 * table. One replica at a time (exclusivePass), every minute while work remains.
 */
@Injectable()
export class MessageContentOffload extends PeriodicJob {
  private readonly logger = new Logger(MessageContentOffload.name);
  private readonly offloaded: Counter;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: Metrics,
    @Optional() @Inject(MESSAGE_CONTENT_STORE) private readonly store: MessageContentStore | null = null,
  ) {
    super(store !== null && config.database.messageContent.offloadAfterDays > 0 ? OFFLOAD_INTERVAL_MS : null);
    this.offloaded = new Counter({ name: 'chat_message_content_offloaded_total', help: 'Message bodies moved from the messages table to the media bucket', registers: [metrics.registry] });
  }

  protected override async runOnce(): Promise<void> {
    await exclusivePass(this.dataSource, 'message-content-offload', async () => {
      let total = 0;
      for (let round = 0; round < ROUNDS_PER_PASS; round++) {
        const { offloaded, more } = await this.round(new Date());
        total += offloaded;
        if (!more) break;
      }
      if (total) this.logger.log({ event: 'message.content.offloaded', messages: total }, `${total} message bodies moved to the content store`);
    });
  }

  /** One batch of MESSAGE_CONTENT_OFFLOAD_BATCH_SIZE rows older than the age limit at `now`. */
  async round(now: Date): Promise<OffloadRound> {
    const store = this.store!;
    const { offloadAfterDays, offloadBatchSize } = this.config.database.messageContent;
    const below = idFloor(new Date(now.getTime() - offloadAfterDays * DAY_MS));
    const [progress]: { through_id: string }[] = await this.dataSource.query(`SELECT through_id FROM message_content_offload`);
    const from = progress?.through_id ?? FIRST_MESSAGE_ID;
    const rows: Candidate[] = await this.dataSource.query(
      `SELECT id, tenant_id, version, body FROM messages
        WHERE id > $1 AND id < $2 AND content_key IS NULL AND deleted_at IS NULL AND body <> ''
        ORDER BY id LIMIT $3`,
      [from, below, offloadBatchSize],
    );
    const more = rows.length === offloadBatchSize;
    // A short round saw every row up to the limit: the next starts there.
    const through = more ? rows[rows.length - 1].id : below;
    const keys = rows.map((r) => `${r.tenant_id}/${r.id}.${r.version}`);
    await this.dataSource.query(
      `INSERT INTO message_content_deletions (key, not_before) SELECT unnest($1::text[]), now() + interval '${INTENT_GRACE}'
        ON CONFLICT (key) DO UPDATE SET not_before = EXCLUDED.not_before`,
      [keys],
    );
    await inParallel(rows.length, PUTS_IN_FLIGHT, (i) => store.put(keys[i], rows[i].body));
    const offloaded = await this.dataSource.transaction(async (em) => {
      // An UPDATE answers [rows, count] through TypeORM.
      const [written]: [{ content_key: string }[], number] = await em.query(
        `UPDATE messages m SET body = v.stub, content_key = v.key
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS v(id, stored, stub, key)
          WHERE m.id = v.id AND m.body = v.stored AND m.content_key IS NULL AND m.deleted_at IS NULL
          RETURNING m.content_key`,
        [rows.map((r) => r.id), rows.map((r) => r.body), rows.map((r) => contentStub(r.body)), keys],
      );
      await em.query(`DELETE FROM message_content_deletions WHERE key = ANY($1::text[])`, [written.map((w) => w.content_key)]);
      // On only from where this round started: `messages:reencrypt` may have sent the pass back meanwhile.
      await em.query(
        `INSERT INTO message_content_offload (through_id, offloaded_rows) VALUES ($1, $3)
           ON CONFLICT (singleton) DO UPDATE SET
             through_id = CASE WHEN message_content_offload.through_id = $2 THEN EXCLUDED.through_id ELSE message_content_offload.through_id END,
             offloaded_rows = message_content_offload.offloaded_rows + EXCLUDED.offloaded_rows`,
        [through, from, written.length],
      );
      return written.length;
    });
    this.offloaded.inc(offloaded);
    // The objects of rows that changed meanwhile stay queued: MessageContentDeletions takes them after the grace.
    return { offloaded, changed: rows.length - offloaded, more };
  }
}
