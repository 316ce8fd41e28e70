import path from 'node:path';
import { SOCKET_PROTOCOL_CURRENT, SOCKET_PROTOCOLS } from '@chat/contracts';
import { socketSchemas, type EventSchema, type SocketSchemas } from './event-schemas';

/** Where `npm run docs:asyncapi` writes the document (committed; served at GET /docs/asyncapi.json). */
export const ASYNCAPI_PATH = path.resolve(__dirname, '../../docs/asyncapi.json');

const CHANNEL = 'socket';
const channelRef = { $ref: `#/channels/${CHANNEL}` };
const messageRef = (id: string) => ({ $ref: `#/channels/${CHANNEL}/messages/${id}` });

/** Message ids: the two directions share event names (`typing`, `read`), so each id says which way it goes. */
const clientMessageId = (event: string) => `client.${event}`;
const ackMessageId = (event: string) => `client.${event}.ack`;
const serverMessageId = (event: string) => `server.${event}`;
const HANDSHAKE_MESSAGE = 'handshake';
const REFUSAL_MESSAGE = 'handshake.refused';

/**
 * The AsyncAPI 3.0 document of the Socket.IO contract, from the server's point of view: it
 * receives the client events (each answered through its ack, modelled as the operation's reply)
 * and sends the frames. Built from the contract's types only (event-schemas.ts).
 */
export function buildAsyncApiDocument(schemas: SocketSchemas = socketSchemas()): Record<string, unknown> {
  const messages: Record<string, object> = {
    [HANDSHAKE_MESSAGE]: {
      name: 'connect',
      title: 'Handshake',
      summary: 'Opens the socket: `io(url, { path: "/socket.io", transports: ["websocket"], auth })`.',
      description:
        'The CONNECT packet\'s `auth`. `token` is an access token or a single-use ws ticket (POST /v1/auth/ws-ticket); `deviceId` names the device of the client (presence gives each connection a lease of its own); `protocol` is the contract version the client speaks (also accepted as the `protocol` query parameter; absent: the current one). On success the server sends `server.protocol`; otherwise the connection is refused with `handshake.refused`.',
      payload: schemas.handshake.auth,
    },
    [REFUSAL_MESSAGE]: {
      name: 'connect_error',
      title: 'Handshake refused',
      summary: 'The CONNECT_ERROR packet: the client\'s `connect_error` listener gets `err.message` and `err.data`.',
      payload: schemas.handshake.refusal,
    },
  };
  const operations: Record<string, object> = {
    connect: {
      action: 'receive',
      channel: channelRef,
      title: 'Handshake',
      summary: 'A client opens a socket; the protocol version is checked first, then the token, then the tenant\'s connection cap.',
      messages: [messageRef(HANDSHAKE_MESSAGE)],
      reply: { channel: channelRef, messages: [messageRef(REFUSAL_MESSAGE)] },
    },
  };
  for (const event of schemas.clientEvents) {
    messages[clientMessageId(event.name)] = message(event);
    messages[ackMessageId(event.name)] = {
      name: event.name,
      title: `${event.name} ack`,
      summary: 'What the ack callback is called with: `{ok: true, ...}`, or `{ok: false, error}` in the error shape REST uses.',
      payload: event.ack,
    };
    operations[clientMessageId(event.name)] = {
      action: 'receive',
      channel: channelRef,
      title: event.name,
      ...(event.description ? { summary: event.description } : {}),
      messages: [messageRef(clientMessageId(event.name))],
      reply: { channel: channelRef, messages: [messageRef(ackMessageId(event.name))] },
    };
  }
  for (const event of schemas.serverEvents) {
    messages[serverMessageId(event.name)] = message(event);
    operations[serverMessageId(event.name)] = {
      action: 'send',
      channel: channelRef,
      title: event.name,
      ...(event.description ? { summary: event.description } : {}),
      messages: [messageRef(serverMessageId(event.name))],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Chat socket contract',
      version: SOCKET_PROTOCOL_CURRENT,
      description: [
        'The Socket.IO contract of the chat platform (`@chat/contracts` socket.ts), generated from its TypeScript types by `npm run docs:asyncapi`; the REST contract is the OpenAPI document at /docs.',
        `info.version is the current socket protocol; this server serves ${SOCKET_PROTOCOLS.join(', ')} (\`x-socket-protocols\`). A client names the one it speaks in the handshake (\`auth.protocol\`); see docs/api-versions.md for how versions are added and retired.`,
        'Payloads are JSON. Schemas are closed (no undeclared fields) because they describe exactly what this version sends; within a version fields are only added, so clients should still ignore fields they do not know.',
      ].join('\n\n'),
      'x-socket-protocols': { current: SOCKET_PROTOCOL_CURRENT, supported: [...SOCKET_PROTOCOLS] },
    },
    defaultContentType: 'application/json',
    servers: {
      chat: {
        host: '{host}',
        protocol: 'ws',
        pathname: '/socket.io',
        description: 'Socket.IO 4 (Engine.IO 4) on the gateway or all-in-one app; over wss where PUBLIC_URL is https.',
        variables: { host: { default: 'localhost:3000', description: 'Host and port of the app (PORT).' } },
      },
    },
    channels: {
      [CHANNEL]: {
        address: '/',
        title: 'Default namespace',
        description:
          'Every event travels on the default namespace. A socket is in its user\'s room and, after `conversation.join`, in the room of each conversation it joined; frames reach it through those rooms.',
        messages: Object.fromEntries(Object.keys(messages).map((id) => [id, { $ref: `#/components/messages/${id}` }])),
        bindings: {
          ws: {
            method: 'GET',
            query: {
              type: 'object',
              properties: { protocol: { type: 'string', enum: [...SOCKET_PROTOCOLS], description: 'The contract version, when the client cannot set `auth.protocol`.' } },
            },
            bindingVersion: '0.1.0',
          },
        },
      },
    },
    operations,
    components: { schemas: schemas.namedSchemas, messages },
  };
}

function message(event: EventSchema): object {
  return { name: event.name, title: event.name, ...(event.description ? { summary: event.description } : {}), payload: event.payload };
}

/** The document as committed: stable key order from the types, two-space JSON, final newline. */
export function renderAsyncApi(document: Record<string, unknown> = buildAsyncApiDocument()): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
