import { Logger, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import type { TrustProxy } from './config/http-config';
import { ensurePrivateDirectory } from './files/private-directory';
import { HealthRegistry } from './health/health';
import { configureHttpApp } from './http/configure-http-app';
import { memoizeValidationMetadata } from './http/validation-metadata';

export interface AppDefinition {
  /** Shown in logs (`app` field) and the OpenAPI title. */
  name: string;
  rootModule: (config: AppConfig) => Type | DynamicModule;
  /**
   * Express's `trust proxy` when TRUST_PROXY is unset: the proxies whose X-Forwarded-For/-Proto name
   * the caller (auth rate limits, sessions, the audit log). Unset: none, the header is ignored.
   */
  trustProxy?: TrustProxy;
  /** Last set-up before the app initialises (e.g. the Socket.IO adapter). */
  setup?: (app: NestExpressApplication, config: AppConfig) => void;
}

/** Builds a configured app without listening: what `runApp` and the integration tests share. */
export async function createHttpApp(definition: AppDefinition, config: AppConfig): Promise<NestExpressApplication> {
  // The embedded install keeps its database, secrets and exports there: created private (0700)
  // before anything writes to it; the embedded Postgres adds the traversal bit it needs when run as root.
  if (config.mode === 'embedded') await ensurePrivateDirectory(config.dataDir);
  // Every DTO class is defined by now (the root module imports them all): lookups can be kept.
  memoizeValidationMetadata();
  // With TLS_CERT_FILE/TLS_KEY_FILE the server Nest makes is an https one: Socket.IO attaches to it, so sockets are wss.
  const httpsOptions = config.http.tls ? { cert: config.http.tls.cert, key: config.http.tls.key } : undefined;
  const app = await NestFactory.create<NestExpressApplication>(definition.rootModule(config), { bufferLogs: true, bodyParser: false, httpsOptions });
  // Before any middleware or adapter reads req.ip, req.protocol or the compiled 'trust proxy fn'.
  app.set('trust proxy', config.http.trustProxy ?? definition.trustProxy ?? false);
  configureHttpApp(app, config, `Chat ${definition.name}`);
  definition.setup?.(app, config);
  return app;
}

/** Drains: report not-ready, stop taking work, let module hooks close sockets, consumers and pools. */
export async function shutdownGracefully(app: NestExpressApplication): Promise<void> {
  app.get(HealthRegistry).startDraining();
  await app.close();
}

/**
 * Nest's listen() cannot set the accept backlog, so the app is initialised and the server bound
 * here; like listen(), this then releases the log lines buffered during start-up.
 */
async function listen(app: NestExpressApplication, config: AppConfig): Promise<void> {
  await app.init();
  const server = app.getHttpServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: config.http.port, host: config.http.host, backlog: config.http.listenBacklog }, () => resolve());
  });
  app.flushLogs();
}

/**
 * A start refused for its configuration (the variables, or a module finding them wrong for the data,
 * such as a missing message key) ends with the message alone and exit code 2; anything else keeps
 * its stack. The embedded Postgres stops on exit either way.
 */
function exitOnConfigError(err: unknown): never {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
}

/** Entry point of every app: validated config, listen, and a bounded graceful stop on SIGTERM/SIGINT. */
export async function runApp(definition: AppDefinition): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    exitOnConfigError(err);
  }
  const logger = new Logger(definition.name);
  const app = await createHttpApp(definition, config).catch(exitOnConfigError);
  await listen(app, config).catch(exitOnConfigError);
  const scheme = config.http.tls ? 'https' : 'http';
  logger.log(`${definition.name} ready on ${scheme}://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${config.http.port}`);
  if (config.http.tls) logger.log({ subject: config.http.tls.subject, validTo: config.http.tls.validTo }, 'Serving TLS itself (TLS_CERT_FILE)');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: draining connections`);
    const deadline = setTimeout(() => {
      logger.error(`still draining after ${config.shutdownGraceMs} ms; exiting`);
      process.exit(1);
    }, config.shutdownGraceMs);
    deadline.unref();
    shutdownGracefully(app).then(
      () => {
        logger.log('stopped cleanly');
        process.exit(0);
      },
      (err) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
