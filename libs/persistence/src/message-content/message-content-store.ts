/** The content store has no object under a key a row points at (deleted behind our back, or a wrong bucket). */
export class MessageContentMissingError extends Error {
  constructor(readonly key: string) {
    super(`No message content object "${key}" in the content store`);
    this.name = 'MessageContentMissingError';
  }
}

/**
 * Where the content of old messages lives once offloaded from the messages table (seed 004
 * R12.3: content in object storage, metadata in SQL): one small object per message, its stored
 * form (sealed when MESSAGE_ENCRYPTION_KEYS is set). Keys are `<tenant>/<messageId>.<version>`;
 * the store puts its own prefix before them.
 */
export interface MessageContentStore {
  /** Writes the object; resolves once it is durable. Overwriting is allowed (a retried pass). */
  put(key: string, content: string): Promise<void>;
  /** The object's content; MessageContentMissingError when there is none. */
  get(key: string): Promise<string>;
  /** Deletes the objects; missing ones are no error. */
  remove(keys: readonly string[]): Promise<void>;
}

export const MESSAGE_CONTENT_STORE = Symbol('MESSAGE_CONTENT_STORE');
