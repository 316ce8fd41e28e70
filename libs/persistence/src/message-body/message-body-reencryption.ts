import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { inParallel } from '../message-content/in-parallel';
import type { MessageBodies, StoredBody } from '../message-content/message-bodies';
import { MessageBodyCipher, MessageBodyUnreadableError } from './message-body-cipher';

/** Offloaded bodies a batch fetches at once. */
const FETCHES_IN_FLIGHT = 16;

/** Below every uuid: a pass from the start begins here. */
export const FIRST_MESSAGE_ID = '00000000-0000-0000-0000-000000000000';

/** What a pass did. */
export interface ReencryptionOutcome {
  /** Rows now sealed with the current key (plaintext ones, and ones under an earlier key). */
  resealed: number;
  /** Rows edited or deleted while the pass held them: left as that change wrote them (an edit seals with the current key). */
  changed: number;
  /** Rows that do not open with any configured key (each logged by MessageBodyCipher): left as they are. */
  unreadable: number;
  /** The last message id the pass looked at: `--after` resumes there. */
  lastId: string;
}

/**
 * Moves every stored body to the current key of MESSAGE_ENCRYPTION_KEYS (`npm run
 * messages:reencrypt`): plaintext rows from before encryption was turned on, and rows sealed with
 * a key since rotated out of first place. Pages through messages in id order, `batchSize` rows
 * that need it per query, so it can run beside the serving apps and stop at any point: a row it
 * finished no longer matches, so running it again (or from `lastId`) carries on. Each row is
 * written only if its body is still what was read (a compare-and-set in the UPDATE itself, which
 * re-checks a row a concurrent edit held), so an edit or deletion made meanwhile is never undone;
 * `version` and `edited_at` stay, since the content is the same.
 *
 * A body offloaded to the content store (MessageContentOffload) is read from there and resealed
 * into its row, which the release trigger then takes off its object (queued for deletion); the
 * offload pass is sent back to the first such row, so it moves them out again under the new key.
 */
export class MessageBodyReencryption {
  private readonly logger = new Logger(MessageBodyReencryption.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: MessageBodyCipher,
    private readonly bodies: MessageBodies,
  ) {
    if (cipher.currentKeyId === null) throw new Error('MESSAGE_ENCRYPTION_KEYS is not set: there is no key to seal message bodies with');
  }

  async run(options: { batchSize: number; after?: string; shouldStop?: () => boolean }): Promise<ReencryptionOutcome> {
    const outcome: ReencryptionOutcome = { resealed: 0, changed: 0, unreadable: 0, lastId: options.after ?? FIRST_MESSAGE_ID };
    while (!options.shouldStop?.()) {
      const rows: StoredBody[] = await this.dataSource.query(
        `SELECT id, body, content_key AS "contentKey" FROM messages
          WHERE id > $1 AND (body <> '' OR content_key IS NOT NULL) AND NOT (body LIKE 'enc1:%' AND split_part(body, ':', 2) = $2)
          ORDER BY id LIMIT $3`,
        [outcome.lastId, this.cipher.currentKeyId, options.batchSize],
      );
      if (rows.length === 0) break;
      // One row at a time through MessageBodies, so a body that does not open is counted alone; offloaded ones are fetched side by side.
      const resealed: (string | null)[] = rows.map(() => null);
      await inParallel(rows.length, FETCHES_IN_FLIGHT, async (i) => {
        try {
          const [body] = await this.bodies.open([rows[i]]);
          resealed[i] = this.cipher.seal(body, rows[i].id);
        } catch (err) {
          if (!(err instanceof MessageBodyUnreadableError)) throw err;
          outcome.unreadable++;
        }
      });
      const readable = rows.filter((_, i) => resealed[i] !== null);
      const sealed = resealed.filter((body): body is string => body !== null);
      if (readable.length > 0) {
        const [written] = await this.dataSource.query(
          `UPDATE messages m SET body = v.sealed FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS v(id, stored, content_key, sealed)
            WHERE m.id = v.id AND m.body = v.stored AND m.content_key IS NOT DISTINCT FROM v.content_key RETURNING m.id`,
          [readable.map((r) => r.id), readable.map((r) => r.body), readable.map((r) => r.contentKey), sealed],
        );
        outcome.resealed += written.length;
        outcome.changed += readable.length - written.length;
        // Every row of this batch is above the id it started after: the offload pass resumes there.
        if (readable.some((r) => r.contentKey !== null)) await this.dataSource.query(`UPDATE message_content_offload SET through_id = LEAST(through_id, $1)`, [outcome.lastId]);
      }
      outcome.lastId = rows[rows.length - 1].id;
      this.logger.log({ event: 'message.bodies.reencrypted', ...outcome, keyId: this.cipher.currentKeyId }, `Message bodies: ${outcome.resealed} sealed with "${this.cipher.currentKeyId}" so far, through ${outcome.lastId}`);
    }
    return outcome;
  }
}
