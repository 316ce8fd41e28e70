import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@chat/platform';
import { UsageError, batchedPassOptions, runOperatorCommand, stopAfterBatchOnSignal, withOperatorDatabase } from '../operator-command';
import { MessageBodies } from '../message-content/message-bodies';
import { loadS3MessageContentStore } from '../message-content/s3-message-content-store.loader';
import { MessageBodyCipher } from './message-body-cipher';
import { MessageBodyReencryption } from './message-body-reencryption';

/**
 * `npm run messages:reencrypt [-- --batch-size N --after <message id>]`: seals every stored message
 * body with the first key of MESSAGE_ENCRYPTION_KEYS (see MessageBodyReencryption), with the same
 * environment as the apps. Safe beside running apps; Ctrl-C stops after the current batch, and the
 * last id it logged resumes it (`--after`), though running it again from the start also finishes.
 * Embedded mode: it uses the running all-in-one's Postgres when there is one (never stops it), or
 * starts the embedded cluster itself and stops it afterwards.
 */
async function main(): Promise<number> {
  const logger = new Logger('messages:reencrypt');
  const { batchSize, after } = batchedPassOptions();
  const config = loadConfig(process.env);
  if (config.messageEncryption.keys.length === 0) throw new UsageError('MESSAGE_ENCRYPTION_KEYS is not set: there is no key to seal message bodies with');

  const shouldStop = stopAfterBatchOnSignal(logger);
  return withOperatorDatabase(config, logger, 'chat-messages-reencrypt', async (dataSource) => {
    const cipher = new MessageBodyCipher(config.messageEncryption.keys);
    // Bodies offloaded to the media bucket are read from there (the apps' own configuration).
    const bodies = new MessageBodies(cipher, config.media.s3 ? await loadS3MessageContentStore(config.media.s3) : null);
    const outcome = await new MessageBodyReencryption(dataSource, cipher, bodies).run({ batchSize, after, shouldStop });
    process.stdout.write(`${JSON.stringify({ event: 'message.bodies.reencrypt.done', keyId: config.messageEncryption.keys[0].id, stopped: shouldStop(), ...outcome })}\n`);
    // Rows left unreadable or changed mid-pass do not fail the run: they are counted and logged.
    return 0;
  });
}

runOperatorCommand(main);
