import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig, type AppConfig } from '@chat/platform';
import { createDataSource } from '../data-source';
import { startEmbeddedPostgres, type RunningPostgres } from '../embedded/embedded-postgres';
import { MessageBodyCipher } from './message-body-cipher';
import { FIRST_MESSAGE_ID, MessageBodyReencryption } from './message-body-reencryption';

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
  const { values } = parseArgs({ options: { 'batch-size': { type: 'string', default: '500' }, after: { type: 'string' } } });
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new UsageError(`--batch-size must be an integer in 1..10000 (got "${values['batch-size']}")`);
  const after = values.after ?? FIRST_MESSAGE_ID;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(after)) throw new UsageError(`--after must be a message id (got "${after}")`);
  const config = loadConfig(process.env);
  if (config.messageEncryption.keys.length === 0) throw new UsageError('MESSAGE_ENCRYPTION_KEYS is not set: there is no key to seal message bodies with');

  const embedded = config.database.url ? null : await embeddedDatabase(config, logger);
  const dataSource = createDataSource({ url: config.database.url ?? embedded!.url, poolMax: 2, applicationName: 'chat-messages-reencrypt' });
  let stop = false;
  const onSignal = () => {
    logger.log('stopping after the current batch');
    stop = true;
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    await dataSource.initialize();
    const outcome = await new MessageBodyReencryption(dataSource, new MessageBodyCipher(config.messageEncryption.keys)).run({ batchSize, after, shouldStop: () => stop });
    process.stdout.write(`${JSON.stringify({ event: 'message.bodies.reencrypt.done', keyId: config.messageEncryption.keys[0].id, stopped: stop, ...outcome })}\n`);
    // Rows left unreadable or changed mid-pass do not fail the run: they are counted and logged.
    return 0;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop?.();
  }
}

/**
 * The running all-in-one's cluster, found by its postmaster.pid (starting our own would stop it:
 * startEmbeddedPostgres treats a running postmaster as orphaned); otherwise one we start and stop.
 */
async function embeddedDatabase(config: AppConfig, logger: Logger): Promise<Pick<RunningPostgres, 'url'> & { stop?: () => Promise<void> }> {
  const dataDir = path.resolve(config.dataDir);
  if (existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))) {
    const password = readFileSync(path.join(dataDir, 'postgres.password'), 'utf8').trim();
    logger.log(`using the running embedded Postgres on 127.0.0.1:${config.database.embeddedPort}`);
    return { url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${config.database.embeddedPort}/chat` };
  }
  return startEmbeddedPostgres({ dataDir, port: config.database.embeddedPort, database: 'chat', log: (line) => logger.log(line) });
}

class UsageError extends Error {}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof UsageError || err instanceof ConfigError ? err.message : (err?.stack ?? err)}\n`);
    process.exit(err instanceof UsageError || err instanceof ConfigError ? 2 : 1);
  },
);
