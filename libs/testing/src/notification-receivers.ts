import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { PushNotificationPayload, PushSubscriptionRequest } from '@chat/contracts';

// http_ece (RFC 8188) ships no types; only decrypt is used, as a browser would.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ece = require('http_ece') as { decrypt(body: Buffer, params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: string }): Buffer };

/** A browser's side of Web Push: its key pair and auth secret, and the subscription it would hand the server. */
export class TestBrowser {
  private readonly ecdh = createECDH('prime256v1');
  private readonly authSecret = randomBytes(16).toString('base64url');

  constructor(readonly endpoint: string) {
    this.ecdh.generateKeys();
  }

  get subscription(): PushSubscriptionRequest {
    return { endpoint: this.endpoint, keys: { p256dh: this.ecdh.getPublicKey('base64url'), auth: this.authSecret } };
  }

  /** Decrypts a push message's body (aes128gcm) the way the browser's push stack does. */
  decrypt(body: Buffer): PushNotificationPayload {
    return JSON.parse(ece.decrypt(body, { version: 'aes128gcm', privateKey: this.ecdh, authSecret: this.authSecret }).toString('utf8'));
  }
}

export interface ReceivedPush {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  at: number;
}

/** A push service on loopback: records every request and answers with the status set for its path (201 by default). */
export class TestPushService {
  readonly received: ReceivedPush[] = [];
  private readonly statuses = new Map<string, number>();
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), at: Date.now() });
      res.statusCode = this.statuses.get(req.url ?? '') ?? 201;
      res.end();
    });
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** A new browser subscribed at this service. */
  browser(): TestBrowser {
    const { port } = this.server.address() as AddressInfo;
    return new TestBrowser(`http://127.0.0.1:${port}/push/${randomBytes(8).toString('hex')}`);
  }

  answer(browser: TestBrowser, status: number): void {
    this.statuses.set(new URL(browser.endpoint).pathname, status);
  }

  to(browser: TestBrowser): ReceivedPush[] {
    const path = new URL(browser.endpoint).pathname;
    return this.received.filter((r) => r.path === path);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** The message with quoted-printable soft line breaks and escapes undone (headers and body, for matching text). */
  text: string;
}

/** An SMTP server on loopback (no TLS, no auth): records every message, or refuses them while `refusing`. */
export class TestMailServer {
  readonly received: ReceivedMail[] = [];
  refusing = false;
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (this.refusing) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 450 }));
        const raw = Buffer.concat(chunks).toString('utf8');
        // A run of escapes is the UTF-8 bytes of one text (ö is =C3=B6), so it is decoded as one.
        const text = raw.replace(/=\r?\n/g, '').replace(/(?:=[0-9A-F]{2})+/g, (run) => Buffer.from(run.replace(/=/g, ''), 'hex').toString('utf8'));
        this.received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, text });
        callback();
      });
    },
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    return this;
  }

  get url(): string {
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
