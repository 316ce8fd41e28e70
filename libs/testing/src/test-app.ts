import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createHttpApp, loadConfig, shutdownGracefully, type AppConfig, type AppDefinition } from '@chat/platform';
import { createTestDatabase } from './test-cluster';
import { within } from './within';

export interface TestApp {
  url: string;
  app: NestExpressApplication;
  config: AppConfig;
  databaseUrl: string;
  close(): Promise<void>;
}

/** Environment of a test app: generous rate limits, and no load shedding on the event loop's utilization, unless a test sets its own. */
export const TEST_ENV: Record<string, string> = {
  JWT_SECRET: 'integration-test-secret-of-32-characters',
  GUEST_LOGIN_ENABLED: 'true',
  LOG_LEVEL: 'error',
  HOST: '127.0.0.1',
  PORT: '0',
  RATE_LIMIT_MESSAGES_PER_SECOND: '10000',
  RATE_LIMIT_MESSAGE_BURST: '10000',
  RATE_LIMIT_AUTH_PER_MINUTE: '100000',
  // Specs poll a search with `eventually` until the index has caught up, every 50 ms.
  RATE_LIMIT_SEARCHES_PER_MINUTE: '100000',
  // Specs set up many conversations and invitations from one user in a minute.
  RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '100000',
  RATE_LIMIT_INVITES_PER_MINUTE: '100000',
  // The E2EE specs rotate keys many times a minute as one user.
  RATE_LIMIT_KEY_DISTRIBUTIONS_PER_MINUTE: '100000',
  OUTBOX_POLL_INTERVAL_MS: '200',
  // A test app shares its event loop with jest and the test's own clients, so how busy that loop is
  // says nothing about the server: load shedding on it is tested on purpose (load-shedding spec) only.
  LOAD_SHED_LOOP_PERCENT: '0',
  LOAD_BACKPRESSURE_LOOP_PERCENT: '0',
  // Nor on how far the embedded bus's consumers lag: on a CI box busy with other suites they fell 10 s
  // behind once, and a browser spec met a 503. Specs of event-lag shedding set their own.
  LOAD_SHED_EVENT_LAG_MS: '0',
  // Off: a default channel joined at every registration would be in every count of conversations,
  // members and events the specs make. The default-channels spec turns it on.
  DEFAULT_CHANNELS: '',
};

/** Each step of a start, well inside a hook's 120 s, so a step that hangs is named rather than the hook timing out. */
const STEP_TIMEOUT_MS = 90_000;

/**
 * Boots an app definition in this process on a fresh database and a random port (or the env's PORT,
 * for an app that must know its address before it starts, as in OIDC_REDIRECT_URL). Its DATA_DIR is
 * a fresh temporary folder, removed on close, unless the test gives its own (and keeps it).
 */
export async function startTestApp(definition: AppDefinition, env: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = env.DATABASE_URL ?? (await within('Creating the test database', STEP_TIMEOUT_MS, createTestDatabase()));
  const ownDataDir = env.DATA_DIR ? null : await mkdtemp(path.join(tmpdir(), 'chat-test-data-'));
  const config = loadConfig({ ...TEST_ENV, ...(ownDataDir ? { DATA_DIR: ownDataDir } : {}), ...env, DATABASE_URL: databaseUrl });
  const removeOwnDataDir = () => (ownDataDir ? rm(ownDataDir, { recursive: true, force: true }) : Promise.resolve());
  const app = await within(`Creating the ${definition.name} app`, STEP_TIMEOUT_MS, createHttpApp(definition, config)).catch(async (err: unknown) => {
    await removeOwnDataDir();
    throw err;
  });
  // A start refused in its init (a module finding the configuration wrong) closes what it began.
  await within(`Starting the ${definition.name} app (its modules' init, then listen)`, STEP_TIMEOUT_MS, app.listen(config.http.port, '127.0.0.1')).catch(async (err: unknown) => {
    await app.close().catch(() => undefined);
    await removeOwnDataDir();
    throw err;
  });
  const { port } = app.getHttpServer().address() as { port: number };
  const close = async () => {
    await shutdownGracefully(app);
    await removeOwnDataDir();
  };
  return { url: `http://127.0.0.1:${port}`, app, config, databaseUrl, close };
}
