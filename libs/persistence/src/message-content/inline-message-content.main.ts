import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@chat/platform';
import { UsageError, batchedPassOptions, runOperatorCommand, stopAfterBatchOnSignal, withOperatorDatabase } from '../operator-command';
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
  const { batchSize, after } = batchedPassOptions();
  const config = loadConfig(process.env);
  if (!config.media.s3) throw new UsageError('MEDIA_STORAGE=s3 and the MEDIA_S3_* of the bucket holding the bodies are needed to read them');
  if (config.database.messageContent.offloadAfterDays > 0) throw new UsageError('MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS must be 0 here and on every app first: their pass would move the bodies out again');

  const shouldStop = stopAfterBatchOnSignal(logger);
  const store = await loadS3MessageContentStore(config.media.s3);
  try {
    return await withOperatorDatabase(config, logger, 'chat-messages-inline-content', async (dataSource) => {
      const outcome = await new MessageContentInlining(dataSource, store).run({ batchSize, after, shouldStop });
      process.stdout.write(`${JSON.stringify({ event: 'message.content.inline.done', stopped: shouldStop(), ...outcome })}\n`);
      // Rows left unreadable or changed mid-pass do not fail the run: they are counted and logged.
      return 0;
    });
  } finally {
    store.onModuleDestroy();
  }
}

runOperatorCommand(main);
