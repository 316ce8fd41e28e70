/**
 * The baseline: the least a Socket.IO server must do to carry the chat load, with the same
 * transport options as our gateway (path, ping, payload limit) and the same frames on the wire,
 * but no auth, no validation, no storage, no outbox, no presence: `conversation.join` joins a
 * room, `message.send` broadcasts `message.created` to the room and acks, `presence.heartbeat` and
 * `delivered` ack. Its figures are the physical
 * limit of this stack on this machine; ours are reported as a ratio of them.
 *
 * Run as its own process by the runner (env PORT); exits when the runner (BENCH_PARENT_PID) is gone.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0) {
  process.stderr.write('baseline-server: set PORT\n');
  process.exit(2);
}

const http = createServer((req, res) => {
  const ok = req.url === '/health/ready' || req.url === '/health/live';
  res.writeHead(ok ? 200 : 404, { 'content-type': 'text/plain' }).end(ok ? 'ok' : 'not found');
});
const io = new Server(http, {
  path: '/socket.io',
  maxHttpBufferSize: 64 * 1024,
  pingInterval: 15_000,
  pingTimeout: 10_000,
  cors: { origin: true, credentials: true },
});

type Ack = (answer: object) => void;
const lastSeq = new Map<string, number>();
const room = (conversationId: string) => `conv:${conversationId}`;
const invalid = { ok: false, error: { code: 'VALIDATION_FAILED', message: 'bad payload', hint: '', requestId: '' } };

io.on('connection', (socket) => {
  const senderId = randomUUID();
  socket.on('conversation.join', (p: { conversationId?: unknown }, ack: Ack) => {
    if (typeof ack !== 'function') return;
    if (typeof p?.conversationId !== 'string') return ack(invalid);
    void socket.join(room(p.conversationId));
    ack({ ok: true, lastSeq: lastSeq.get(p.conversationId) ?? 0 });
  });
  // Clients heartbeat every 15 s; the baseline only answers.
  socket.on('presence.heartbeat', (_p: unknown, ack: Ack) => typeof ack === 'function' && ack({ ok: true }));
  // Delivery acknowledgements (`--delivery-acks`): ours records a pointer; the baseline only answers.
  socket.on('delivered', (p: { conversationId?: unknown; seq?: unknown }, ack: Ack) => {
    if (typeof ack !== 'function') return;
    if (typeof p?.conversationId !== 'string' || !Number.isInteger(p.seq)) return ack(invalid);
    ack({ ok: true, tracked: true });
  });
  socket.on('message.send', (p: { conversationId?: unknown; clientMessageId?: unknown; body?: unknown }, ack: Ack) => {
    if (typeof ack !== 'function') return;
    if (typeof p?.conversationId !== 'string' || typeof p.body !== 'string' || typeof p.clientMessageId !== 'string') return ack(invalid);
    const seq = (lastSeq.get(p.conversationId) ?? 0) + 1;
    lastSeq.set(p.conversationId, seq);
    const message = {
      id: randomUUID(),
      conversationId: p.conversationId,
      seq,
      senderId,
      body: p.body,
      attachments: [],
      createdAt: new Date().toISOString(),
      editedAt: null,
      deletedAt: null,
      reactions: {},
      clientMessageId: p.clientMessageId,
    };
    io.to(room(p.conversationId)).emit('message.created', { message });
    ack({ ok: true, message });
  });
});

// The accept backlog our server listens with by default (HTTP_LISTEN_BACKLOG), so a connection
// storm meets the same queue; BASELINE_LISTEN_BACKLOG tries another (capped by net.core.somaxconn).
const backlog = Number(process.env.BASELINE_LISTEN_BACKLOG) || 4096;
http.listen({ port, host: '127.0.0.1', backlog }, () => process.stdout.write(`baseline ready on http://127.0.0.1:${port} (backlog ${backlog})\n`));

const stop = () => {
  io.close();
  http.close();
  setTimeout(() => process.exit(0), 500).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

const parent = Number(process.env.BENCH_PARENT_PID);
if (parent > 0) {
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(0);
    }
  }, 1000).unref();
}
