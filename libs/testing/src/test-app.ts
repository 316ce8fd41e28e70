import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createHttpApp, loadConfig, shutdownGracefully, type AppConfig, type AppDefinition } from '@chat/platform';
import { createTestDatabase } from './test-cluster';

export interface TestApp {
  url: string;
  app: NestExpressApplication;
  config: AppConfig;
  databaseUrl: string;
  close(): Promise<void>;
}

/** Environment of a test app: generous rate limits, and no load shedding on the event loop's utilization, unless a test sets its own. */
export const TEST_ENV: Record<string, string> = {
  JWT_SECRET: 'integration-test-secret',
  GUEST_LOGIN_ENABLED: 'true',
  LOG_LEVEL: 'error',
  HOST: '127.0.0.1',
  PORT: '0',
  RATE_LIMIT_MESSAGES_PER_SECOND: '10000',
  RATE_LIMIT_MESSAGE_BURST: '10000',
  RATE_LIMIT_AUTH_PER_MINUTE: '100000',
  OUTBOX_POLL_INTERVAL_MS: '200',
  // A test app shares its event loop with jest and the test's own clients, so how busy that loop is
  // says nothing about the server: load shedding on it is tested on purpose (load-shedding spec) only.
  LOAD_SHED_LOOP_PERCENT: '0',
  LOAD_BACKPRESSURE_LOOP_PERCENT: '0',
};

/** Boots an app definition in this process on a fresh database and a random port. */
export async function startTestApp(definition: AppDefinition, env: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = env.DATABASE_URL ?? (await createTestDatabase());
  const dataDir = await mkdtemp(path.join(tmpdir(), 'chat-test-data-'));
  const config = loadConfig({ ...TEST_ENV, DATA_DIR: dataDir, ...env, DATABASE_URL: databaseUrl });
  const app = await createHttpApp(definition, config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, app, config, databaseUrl, close: () => shutdownGracefully(app) };
}
