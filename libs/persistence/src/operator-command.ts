import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ConfigError, type AppConfig } from '@chat/platform';
import { createDataSource } from './data-source';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded/embedded-postgres';
import { FIRST_MESSAGE_ID } from './message-body/message-body-reencryption';

/** A mistake in how an operator command was called: its message alone, and exit code 2. */
export class UsageError extends Error {}

/** An integer option's value, or a UsageError naming the option and its range. */
export function integerOption(value: string | undefined, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be an integer in ${min}..${max} (got "${value}")`);
  return n;
}

/** A message id option's value, or a UsageError naming the option. */
export function messageIdOption(value: string, name: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw new UsageError(`${name} must be a message id (got "${value}")`);
  return value;
}

/**
 * The options of a pass over messages in id order that can stop and resume (`messages:reencrypt`,
 * `messages:inline-content`): `--batch-size` (default 500) and `--after <message id>`.
 */
export function batchedPassOptions(): { batchSize: number; after: string } {
  const { values } = parseArgs({ options: { 'batch-size': { type: 'string', default: '500' }, after: { type: 'string' } } });
  return { batchSize: integerOption(values['batch-size'], '--batch-size', 1, 10_000), after: messageIdOption(values.after ?? FIRST_MESSAGE_ID, '--after') };
}

/** From now on Ctrl-C (or SIGTERM) asks a batched pass to stop after its current batch: the answer says whether it was asked. */
export function stopAfterBatchOnSignal(logger: Logger): () => boolean {
  let stop = false;
  const onSignal = () => {
    logger.log('stopping after the current batch');
    stop = true;
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  return () => stop;
}

/**
 * Runs an operator command's `main` (npm run messages:…) and exits with its code: a usage or
 * configuration error prints its message alone and exits 2, anything else its stack and exits 1.
 */
export function runOperatorCommand(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err) => {
      const expected = err instanceof UsageError || err instanceof ConfigError || isArgumentError(err);
      process.stderr.write(`${expected ? err.message : (err?.stack ?? err)}\n`);
      process.exit(expected ? 2 : 1);
    },
  );
}

/** node:util parseArgs refusing the command line (an unknown option, a missing value): a usage error too. */
function isArgumentError(err: unknown): boolean {
  return typeof (err as { code?: unknown })?.code === 'string' && (err as { code: string }).code.startsWith('ERR_PARSE_ARGS_');
}

/**
 * Runs `work` on the database an operator command works on (operatorDatabase), through a pool of
 * two connections named `applicationName`, closed however `work` ends, and the embedded cluster
 * stopped if the command started it.
 */
export async function withOperatorDatabase<T>(config: AppConfig, logger: Logger, applicationName: string, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const database = await operatorDatabase(config, logger);
  const dataSource = createDataSource({ url: database.url, poolMax: 2, applicationName });
  try {
    await dataSource.initialize();
    return await work(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop?.();
  }
}

/**
 * The database an operator command works on: DATABASE_URL, or in embedded mode the running
 * all-in-one's cluster, found by its postmaster.pid (starting our own would stop it:
 * startEmbeddedPostgres treats a running postmaster as orphaned); otherwise one it starts, which
 * `stop` stops.
 */
async function operatorDatabase(config: AppConfig, logger: Logger): Promise<{ url: string; stop?: () => Promise<void> }> {
  if (config.database.url) return { url: config.database.url };
  const dataDir = path.resolve(config.dataDir);
  if (existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))) {
    const password = readFileSync(path.join(dataDir, 'postgres.password'), 'utf8').trim();
    logger.log(`using the running embedded Postgres on 127.0.0.1:${config.database.embeddedPort}`);
    return { url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${config.database.embeddedPort}/chat` };
  }
  const started: RunningPostgres = await startEmbeddedPostgres({ dataDir, port: config.database.embeddedPort, database: 'chat', log: (line) => logger.log(line) });
  return { url: started.url, stop: () => started.stop() };
}
