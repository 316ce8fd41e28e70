import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { freePort, within, type TestApp } from '@chat/testing';

const START_TIMEOUT_MS = 30_000;
const MESSAGE_TIMEOUT_MS = 30_000;

/** The client the SSO specs' apps are at the provider (OIDC_CLIENT_ID / OIDC_CLIENT_SECRET). */
const CLIENT = { id: 'chat-web', secret: 'a-client-secret-for-the-sso-spec' };

/**
 * The real OpenID provider (oidc-provider) in a worker thread, on a port of its own (see
 * sso-idp.worker.mjs). Started before the apps under test, which take its `issuer` and a callback
 * on a port picked for each; `admit` then names their callbacks.
 */
export class TestIdp {
  private nextId = 0;
  private constructor(
    private readonly worker: Worker,
    readonly issuer: string,
  ) {}

  static async start(): Promise<TestIdp> {
    const worker = new Worker(path.join(__dirname, 'sso-idp.worker.mjs'), { workerData: { clientId: CLIENT.id, clientSecret: CLIENT.secret } });
    // A provider that never says ready fails the spec's set-up with a reason, not its hook timeout.
    const issuer = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the test OpenID provider did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      const fail = (err: Error) => (clearTimeout(timer), reject(err));
      worker.once('error', fail);
      worker.once('exit', (code) => fail(new Error(`the test OpenID provider's worker exited with code ${code} before it was ready`)));
      worker.on('message', (m: { type: string; issuer?: string }) => m.type === 'ready' && (clearTimeout(timer), resolve(m.issuer!)));
    }).catch(async (err: unknown) => {
      await worker.terminate();
      throw err;
    });
    return new TestIdp(worker, issuer);
  }

  /** The settings one app under test signs in through this provider with: its OIDC_REDIRECT_URL is on the PORT it is to listen on. */
  async appEnv(): Promise<Record<string, string>> {
    const port = await freePort();
    return { OIDC_ISSUER_URL: this.issuer, OIDC_CLIENT_ID: CLIENT.id, OIDC_CLIENT_SECRET: CLIENT.secret, PORT: String(port), OIDC_REDIRECT_URL: `http://127.0.0.1:${port}/v1/auth/sso/callback` };
  }

  /** The provider takes logins for these apps (their SSO callbacks); until then it answers 503. */
  admit(apps: TestApp[]): Promise<void> {
    return this.send({ type: 'admit', redirectUris: apps.map((app) => app.config.sso.redirectUrl) });
  }

  /** What the provider says about the person who logs in as `login` (their `sub` is the login). */
  account(login: string, claims: Record<string, unknown>): Promise<void> {
    return this.send({ type: 'account', login, claims });
  }

  tamper(on: boolean): Promise<void> {
    return this.send({ type: 'tamper', on });
  }

  /** Resolves once the worker acknowledged `message`; fails, naming it, when the worker dies or does not answer. */
  private async send(message: { type: string } & Record<string, unknown>): Promise<void> {
    const id = this.nextId++;
    const listeners: { message?: (m: { type: string; id?: number }) => void; error?: (err: Error) => void; exit?: (code: number) => void } = {};
    const acknowledged = new Promise<void>((resolve, reject) => {
      listeners.message = (m) => m.type === 'ack' && m.id === id && resolve();
      listeners.error = reject;
      listeners.exit = (code) => reject(new Error(`the test OpenID provider's worker exited with code ${code}`));
      this.worker.on('message', listeners.message).on('error', listeners.error).on('exit', listeners.exit);
      this.worker.postMessage({ ...message, id });
    });
    try {
      await within(`The test OpenID provider's answer to "${message.type}"`, MESSAGE_TIMEOUT_MS, acknowledged);
    } finally {
      this.worker.off('message', listeners.message!).off('error', listeners.error!).off('exit', listeners.exit!);
    }
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

