import { Inject, Injectable, Optional } from '@nestjs/common';
import { MessageBodyCipher, sealedKeyId, SEALED_PREFIX } from '../message-body/message-body-cipher';
import { inParallel } from './in-parallel';
import { MESSAGE_CONTENT_STORE, type MessageContentStore } from './message-content-store';

/** A message body as a reader selected it: `body` as stored, and `contentKey` when it is offloaded. */
export interface StoredBody {
  id: string;
  body: string;
  contentKey: string | null;
}

/**
 * Objects one read fetches at once: a page of the default 50 in one wave (each GET waits on the
 * store's latency, not on this process), a page of HISTORY_MAX_LIMIT in a few, never hundreds at once.
 */
const FETCHES_IN_FLIGHT = 64;

/**
 * What an offloaded row keeps of its stored body: the sealed header `enc1:<keyId>:` (nothing of
 * the text), or '' for a body stored as sent. Keeping the key id in the row means the key index,
 * MessageKeysCheck and `messages:reencrypt` still see which key the object is sealed with.
 */
export function contentStub(stored: string): string {
  const keyId = sealedKeyId(stored);
  return keyId === null ? '' : `${SEALED_PREFIX}${keyId}:`;
}

/**
 * Message bodies as their readers need them, wherever they are stored: in the row, or in the
 * message content store once MessageContentOffload moved them (seed 004 R12.3), then opened by
 * MessageBodyCipher. Every reader of `messages.body` goes through here. Rows still in the table
 * cost what the cipher costs; offloaded ones one GET each, FETCHES_IN_FLIGHT at once. An object the
 * store cannot give (or no store configured) makes the read fail like a body that does not open
 * (MessageBodyUnreadableError, logged; a 500), never an empty body.
 */
@Injectable()
export class MessageBodies {
  constructor(
    private readonly cipher: MessageBodyCipher,
    @Optional() @Inject(MESSAGE_CONTENT_STORE) private readonly store: MessageContentStore | null = null,
  ) {}

  /** The bodies of `rows` as sent, in their order. */
  async open(rows: readonly StoredBody[]): Promise<string[]> {
    const fetched = await this.fetchOffloaded(rows.filter((r) => r.contentKey !== null));
    return rows.map((r) => this.cipher.open(r.contentKey === null ? r.body : fetched.get(r.contentKey)!, r.id));
  }

  /** `rows` with their `body` opened in place: for readers holding entity rows. */
  async openRows<T extends StoredBody>(rows: T[]): Promise<T[]> {
    const bodies = await this.open(rows);
    rows.forEach((row, i) => (row.body = bodies[i]));
    return rows;
  }

  private async fetchOffloaded(rows: readonly StoredBody[]): Promise<Map<string, string>> {
    const fetched = new Map<string, string>();
    if (rows.length === 0) return fetched;
    const store = this.store;
    if (store === null) throw this.cipher.unreadable(rows[0].id, sealedKeyId(rows[0].body), 'content-unavailable', new Error('MEDIA_STORAGE is not s3: no message content store is configured'));
    await inParallel(rows.length, FETCHES_IN_FLIGHT, async (i) => {
      const row = rows[i];
      try {
        fetched.set(row.contentKey!, await store.get(row.contentKey!));
      } catch (err) {
        throw this.cipher.unreadable(row.id, sealedKeyId(row.body), 'content-unavailable', err);
      }
    });
    return fetched;
  }
}
