import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { ConfigError, type AppConfig } from '@chat/platform';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded/embedded-postgres';

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
 * The database an operator command works on: DATABASE_URL, or in embedded mode the running
 * all-in-one's cluster, found by its postmaster.pid (starting our own would stop it:
 * startEmbeddedPostgres treats a running postmaster as orphaned); otherwise one it starts, which
 * `stop` stops.
 */
export async function operatorDatabase(config: AppConfig, logger: Logger): Promise<{ url: string; stop?: () => Promise<void> }> {
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
