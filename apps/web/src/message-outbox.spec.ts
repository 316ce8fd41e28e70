import { ErrorCode, type Message } from '@chat/contracts';
import { ChatApiError, type RealtimeClient } from '@chat/sdk';
import { MessageOutbox, type BodySealer, type Outgoing } from './message-outbox';
import { OutboxStore } from './outbox-store';
import type { SessionApi } from './session-api';
import { memoryStorage } from './testing/fake-storage';

const refusal = (status: number, code: ErrorCode) => new ChatApiError(status, { code, message: code, hint: '', requestId: 'r' });

/**
 * The outbox over REST (the socket is down) with a scripted server and a sealer that numbers the
 * key each body was sealed with, so a spec sees which key every try used.
 */
function setUp(answers: (Error | null)[], recovers: (err: unknown) => boolean) {
  const sent: { clientMessageId: string; body: string }[] = [];
  let keyVersion = 1;
  const sealer: BodySealer = {
    seal: async (_, body) => `sealed(v${keyVersion}):${body}`,
    recover: async (err) => {
      if (!recovers(err)) return false;
      keyVersion += 1;
      return true;
    },
  };
  const api = {
    sendMessage: async (conversationId: string, request: { clientMessageId: string; body: string }) => {
      sent.push(request);
      const answer = answers.shift();
      if (answer) throw answer;
      return { message: { id: 'm1', conversationId, clientMessageId: request.clientMessageId, body: request.body } as Message };
    },
  } as unknown as SessionApi;
  const client = { socket: { connected: false, on: () => undefined } } as unknown as RealtimeClient;
  const outcome = new Promise<{ delivered?: Message; failed?: Outgoing }>((resolve) => {
    const outbox = new MessageOutbox(client, api, { changed: (o) => o.status === 'failed' && resolve({ failed: o }), delivered: (m) => resolve({ delivered: m }), discarded: () => undefined }, sealer, new OutboxStore('me', memoryStorage()));
    outbox.send('c1', 'the plan');
  });
  return { sent, outcome };
}

const isKeyRefusal = (err: unknown) => err instanceof ChatApiError && (err.code === ErrorCode.E2EE_ROTATION_REQUIRED || err.code === ErrorCode.E2EE_KEY_VERSION_STALE);

describe('MessageOutbox with sealed bodies', () => {
  it('sends the body as sealed, never as typed', async () => {
    const { sent, outcome } = setUp([null], isKeyRefusal);
    expect((await outcome).delivered?.body).toBe('sealed(v1):the plan');
    expect(sent.map((s) => s.body)).toEqual(['sealed(v1):the plan']);
  });

  it('after a refusal for its key, seals the same message again with the key now due and sends it under the same clientMessageId', async () => {
    const { sent, outcome } = setUp([refusal(409, ErrorCode.E2EE_ROTATION_REQUIRED), refusal(409, ErrorCode.E2EE_KEY_VERSION_STALE), null], isKeyRefusal);
    expect((await outcome).delivered?.body).toBe('sealed(v3):the plan');
    expect(sent.map((s) => s.body)).toEqual(['sealed(v1):the plan', 'sealed(v2):the plan', 'sealed(v3):the plan']);
    expect(new Set(sent.map((s) => s.clientMessageId)).size).toBe(1);
  });

  it('gives up with the reason when the key keeps moving, instead of looping', async () => {
    const stale = () => refusal(409, ErrorCode.E2EE_KEY_VERSION_STALE);
    const { sent, outcome } = setUp([stale(), stale(), stale(), stale()], isKeyRefusal);
    expect((await outcome).failed?.status).toBe('failed');
    expect(sent).toHaveLength(3);
  });

  it('does not reseal for a refusal that is not about the key', async () => {
    const { sent, outcome } = setUp([refusal(400, ErrorCode.E2EE_ENVELOPES_INCOMPLETE)], isKeyRefusal);
    expect((await outcome).failed?.error).toContain(ErrorCode.E2EE_ENVELOPES_INCOMPLETE);
    expect(sent).toHaveLength(1);
  });
});
