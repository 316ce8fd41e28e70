import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConfigError } from '@chat/platform';
import { MessageBodyCipher } from './message-body-cipher';

/**
 * The key ids sealed bodies name, distinct, by skipping through the `messages_body_key` index from
 * one id to the next (a loose index scan): one probe per key id in use, however many rows.
 * The predicate repeats the index's, so the planner may use it.
 */
const KEY_IDS_IN_USE = `WITH RECURSIVE k(id) AS (
    (SELECT split_part(body, ':', 2) FROM messages WHERE body LIKE 'enc1:%' ORDER BY 1 LIMIT 1)
    UNION ALL
    SELECT (SELECT split_part(m.body, ':', 2) FROM messages m WHERE m.body LIKE 'enc1:%' AND split_part(m.body, ':', 2) > k.id ORDER BY 1 LIMIT 1)
      FROM k WHERE k.id IS NOT NULL)
  SELECT id FROM k WHERE id IS NOT NULL`;

/** Start-up refused: stored bodies are sealed with keys this process was not given (a configuration error, reported as one). */
export class MissingMessageKeysError extends ConfigError {
  constructor(readonly keyIds: string[]) {
    super([
      `Stored message bodies are sealed with key id(s) ${keyIds.map((id) => `"${id}"`).join(', ')}, missing from MESSAGE_ENCRYPTION_KEYS: ` +
        'add those keys (after the one that seals) and start again; without them these messages cannot be read',
    ]);
    this.name = 'MissingMessageKeysError';
  }
}

/**
 * Refuses to start a process that could not open every stored body (a key dropped from
 * MESSAGE_ENCRYPTION_KEYS too early, or a split app deployed without it), rather than serving
 * errors for those messages one read at a time.
 */
@Injectable()
export class MessageKeysCheck implements OnModuleInit {
  private readonly logger = new Logger(MessageKeysCheck.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: MessageBodyCipher,
  ) {}

  async onModuleInit(): Promise<void> {
    const inUse = await this.keyIdsInUse();
    const missing = inUse.filter((id) => !this.cipher.keyIds.includes(id));
    if (missing.length) throw new MissingMessageKeysError(missing);
    if (inUse.length) this.logger.log({ event: 'message.keys.checked', keyIdsInUse: inUse, sealingKeyId: this.cipher.currentKeyId }, 'Stored message bodies: every key id in use is configured');
  }

  async keyIdsInUse(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(KEY_IDS_IN_USE);
    return rows.map((r) => r.id);
  }
}
