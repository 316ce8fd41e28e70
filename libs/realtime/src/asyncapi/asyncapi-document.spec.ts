import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { schemasWithoutId } from '@asyncapi/specs';
import type { ClientToServerEvents, ServerToClientEvents } from '@chat/contracts';
import { ASYNCAPI_FILE } from './asyncapi.controller';

// Every event of the maps, by name: adding one to @chat/contracts fails the typecheck here until it
// is listed, and then the checks below fail until the document describes it.
const CLIENT_EVENTS: Record<keyof ClientToServerEvents, true> = {
  'conversation.join': true,
  'conversation.view': true,
  'conversation.leave': true,
  'message.send': true,
  typing: true,
  read: true,
  delivered: true,
  sync: true,
  'presence.heartbeat': true,
  'presence.set': true,
};
const SERVER_EVENTS: Record<keyof ServerToClientEvents, true> = {
  'message.created': true,
  'message.updated': true,
  'message.deleted': true,
  'reaction.updated': true,
  'pin.updated': true,
  typing: true,
  viewers: true,
  presence: true,
  read: true,
  delivered: true,
  'member.joined': true,
  'account.banned': true,
  'member.left': true,
  'member.updated': true,
  'conversation.updated': true,
  'conversation.deleted': true,
  'mute.updated': true,
  'favourite.updated': true,
  'features.updated': true,
  'message.reported': true,
  'media.quarantined': true,
  'business.conversation.waiting': true,
  'user.updated': true,
  'server.status': true,
  'server.protocol': true,
};

const ROOT = path.resolve(__dirname, '../../../..');
// Message ids say which way a message goes: both directions have `typing` and `read`.
const clientMessageId = (event: string) => `client.${event}`;
const ackMessageId = (event: string) => `client.${event}.ack`;
const serverMessageId = (event: string) => `server.${event}`;

interface Doc {
  operations: Record<string, { action: string; messages: { $ref: string }[]; reply?: { messages: { $ref: string }[] } }>;
  components: { schemas: Record<string, { anyOf?: object[] }>; messages: Record<string, { name: string; payload?: object }> };
}

describe('the AsyncAPI document of the socket contract (docs/asyncapi.json)', () => {
  // What `npm run docs:asyncapi` would write now (scripts/ is no lib, so it is run rather than imported).
  const generated = execFileSync(process.execPath, [path.join(ROOT, 'scripts/asyncapi.js'), '--stdout'], { encoding: 'utf8' });
  const document = JSON.parse(generated) as Doc;
  const payloadOf = (ref: { $ref: string }) => document.components.messages[ref.$ref.split('/').pop() as string];

  it('is committed as generated from the contract types', () => {
    const committed = readFileSync(ASYNCAPI_FILE, 'utf8'); // the file the apps serve
    if (committed !== generated) throw new Error('docs/asyncapi.json differs from the socket contract types: run `npm run docs:asyncapi` and commit the result');
  });

  it('is a valid AsyncAPI 3.0 document', () => {
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schemasWithoutId['3.0.0']);
    validate(document);
    expect(validate.errors ?? []).toEqual([]);
  });

  it.each(Object.keys(CLIENT_EVENTS))('describes the client event %s with its payload and its ack', (event) => {
    const operation = document.operations[clientMessageId(event)];
    expect(operation).toMatchObject({ action: 'receive' });
    expect(payloadOf(operation.messages[0])).toMatchObject({ name: event, payload: expect.any(Object) });
    expect(operation.reply?.messages.map((ref) => ref.$ref.split('/').pop())).toEqual([ackMessageId(event)]);
    // Every ack is the contract's Ack: `{ok: true, ...}` or `{ok: false, error}` in the error shape.
    const ack = payloadOf(operation.reply!.messages[0]).payload as { $ref?: string; anyOf?: object[] };
    const { anyOf } = ack.$ref ? document.components.schemas[ack.$ref.split('/').pop() as string] : ack;
    expect(anyOf).toContainEqual(expect.objectContaining({ properties: expect.objectContaining({ ok: { type: 'boolean', const: true } }) }));
    expect(anyOf).toContainEqual(expect.objectContaining({ properties: { ok: { type: 'boolean', const: false }, error: { $ref: '#/components/schemas/ApiErrorBody' } } }));
  });

  it.each(Object.keys(SERVER_EVENTS))('describes the server frame %s with its payload', (event) => {
    const operation = document.operations[serverMessageId(event)];
    expect(operation).toMatchObject({ action: 'send' });
    expect(payloadOf(operation.messages[0])).toMatchObject({ name: event, payload: expect.any(Object) });
  });

  it('describes no event the contract does not have', () => {
    const described = Object.keys(document.operations).filter((id) => id !== 'connect');
    expect(described.sort()).toEqual([...Object.keys(CLIENT_EVENTS).map(clientMessageId), ...Object.keys(SERVER_EVENTS).map(serverMessageId)].sort());
  });
});
