import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@chat/platform';
import { createDataSource } from '../data-source';
import { FIRST_MESSAGE_ID } from '../message-body/message-body-reencryption';
import { UsageError, integerOption, messageIdOption, operatorDatabase, runOperatorCommand } from '../operator-command';
import { MessageContentInlining } from './message-content-inlining';
import { loadS3MessageContentStore } from './s3-message-content-store.loader';

/**
 * `npm run messages:inline-content [-- --batch-size N --after <message id>]`: brings every body
 * offloaded to the media bucket back into the messages table (MessageContentInlining), with the
 * apps' environment, which must name the bucket and have MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS=0 (or
 * the apps' pass would move them out again). Safe beside running apps; Ctrl-C stops after the
 * current batch and `--after` resumes; running it again from the start also finishes.
 */
async function main(): Promise<number> {
  const logger = new Logger('messages:inline-content');
  const { values } = parseArgs({ options: { 'batch-size': { type: 'string', default: '500' }, after: { type: 'string' } } });
  const batchSize = integerOption(values['batch-size'], '--batch-size', 1, 10_000);
  const after = messageIdOption(values.after ?? FIRST_MESSAGE_ID, '--after');
  const config = loadConfig(process.env);
  if (!config.media.s3) throw new UsageError('MEDIA_STORAGE=s3 and the MEDIA_S3_* of the bucket holding the bodies are needed to read them');
  if (config.database.messageContent.offloadAfterDays > 0) throw new UsageError('MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS must be 0 here and on every app first: their pass would move the bodies out again');

  const database = await operatorDatabase(config, logger);
  const dataSource = createDataSource({ url: database.url, poolMax: 2, applicationName: 'chat-messages-inline-content' });
  let stop = false;
  const onSignal = () => {
    logger.log('stopping after the current batch');
    stop = true;
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  const store = await loadS3MessageContentStore(config.media.s3);
  try {
    await dataSource.initialize();
    const outcome = await new MessageContentInlining(dataSource, store).run({ batchSize, after, shouldStop: () => stop });
    process.stdout.write(`${JSON.stringify({ event: 'message.content.inline.done', stopped: stop, ...outcome })}\n`);
    // Rows left unreadable or changed mid-pass do not fail the run: they are counted and logged.
    return 0;
  } finally {
    store.onModuleDestroy();
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop?.();
  }
}

runOperatorCommand(main);
