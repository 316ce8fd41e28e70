import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { FIRST_MESSAGE_ID } from '../message-body/message-body-reencryption';
import { inParallel } from './in-parallel';
import { drainDueContentDeletions } from './message-content-deletions';
import type { MessageContentStore } from './message-content-store';

const FETCHES_IN_FLIGHT = 16;

/** What a pass did. */
export interface InliningOutcome {
  /** Rows whose body is back in the table. */
  inlined: number;
  /** Rows edited or deleted while the pass held them: left as that change wrote them (their object queued by the trigger). */
  changed: number;
  /** Rows whose object the store could not give: left offloaded, each logged. */
  unreadable: number;
  /** Objects deleted from the store at the end (those the pass released, and any other due). */
  objectsDeleted: number;
  /** Whether no offloaded row is left: a pass from the start that found nothing unreadable. */
  complete: boolean;
  /** The last message id the pass looked at: `--after` resumes there. */
  lastId: string;
}

/**
 * Brings offloaded message bodies back into the messages table (`npm run messages:inline-content`),
 * undoing MessageContentOffload once MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS is 0 everywhere: pages
 * through rows with a `content_key` in id order, reads each object (the stored form, sealed or not)
 * and writes it into its row only if the row still points at it (a compare-and-set, so an edit or
 * deletion made meanwhile is never undone); the release trigger then clears `content_key` and
 * queues the object, and the pass deletes the queued objects at its end. A complete pass from the
 * start forgets the offload's progress and count, so apps may then start without the bucket
 * (MessageContentCheck).
 */
export class MessageContentInlining {
  private readonly logger = new Logger(MessageContentInlining.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: MessageContentStore,
  ) {}

  async run(options: { batchSize: number; after?: string; shouldStop?: () => boolean }): Promise<InliningOutcome> {
    const start = options.after ?? FIRST_MESSAGE_ID;
    const outcome: InliningOutcome = { inlined: 0, changed: 0, unreadable: 0, objectsDeleted: 0, complete: false, lastId: start };
    while (!options.shouldStop?.()) {
      const rows: { id: string; contentKey: string }[] = await this.dataSource.query(
        `SELECT id, content_key AS "contentKey" FROM messages WHERE id > $1 AND content_key IS NOT NULL ORDER BY id LIMIT $2`,
        [outcome.lastId, options.batchSize],
      );
      if (rows.length === 0) {
        outcome.complete = start === FIRST_MESSAGE_ID && outcome.unreadable === 0;
        break;
      }
      const stored: (string | null)[] = rows.map(() => null);
      await inParallel(rows.length, FETCHES_IN_FLIGHT, async (i) => {
        try {
          stored[i] = await this.store.get(rows[i].contentKey);
        } catch (err) {
          outcome.unreadable++;
          this.logger.error({ event: 'message.content.unreadable', messageId: rows[i].id, key: rows[i].contentKey, err }, `The content of message ${rows[i].id} could not be read from the store`);
        }
      });
      const readable = rows.flatMap((row, i) => (stored[i] === null ? [] : [{ ...row, stored: stored[i]! }]));
      if (readable.length > 0) {
        const [written] = await this.dataSource.query(
          `UPDATE messages m SET body = v.stored FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, key, stored)
            WHERE m.id = v.id AND m.content_key = v.key RETURNING m.id`,
          [readable.map((r) => r.id), readable.map((r) => r.contentKey), readable.map((r) => r.stored)],
        );
        outcome.inlined += written.length;
        outcome.changed += readable.length - written.length;
      }
      outcome.lastId = rows[rows.length - 1].id;
      this.logger.log({ event: 'message.content.inlined', ...outcome }, `Message content: ${outcome.inlined} bodies back in the table so far, through ${outcome.lastId}`);
    }
    // Nothing is offloaded any more: the pass starts afresh if offloading is turned on again, and no app needs the bucket to start.
    if (outcome.complete) await this.dataSource.query(`DELETE FROM message_content_offload`);
    outcome.objectsDeleted = await drainDueContentDeletions(this.dataSource, this.store);
    return outcome;
  }
}
