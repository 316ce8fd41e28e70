import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import type { Message } from '@chat/contracts';
import type { RealtimeClient } from '@chat/sdk';
import { connect, eventually, record, signUp, sleep, startSplitCluster, type SplitCluster, type TestUser } from '@chat/testing';

const ROOT = path.resolve(__dirname, '../../..');
const run = promisify(execFile);

/** Restarts the local Kafka broker (deploy/local/engines.sh): every client loses its connections. */
async function restartKafka(): Promise<void> {
  await run('bash', [path.join(ROOT, 'deploy/local/engines.sh'), 'stop', 'kafka'], { cwd: ROOT });
  await run('bash', [path.join(ROOT, 'deploy/local/engines.sh'), 'start', 'kafka'], { cwd: ROOT });
}

/** Committed offsets of a group behind the end of its topic, summed over partitions. */
async function consumerLag(brokers: string, groupId: string, topic: string): Promise<number> {
  const admin = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return ends.reduce((lag, end) => {
      const at = Number(committed.partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
      return lag + Number(end.high) - Math.max(0, at);
    }, 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Chaos under a steady send load on the split deployment: the command app (and the outbox relay
 * inside it) is SIGKILLed and restarted, then the Kafka broker is restarted. Senders retry a failed
 * send with the same clientMessageId, as the contract says a client may.
 */
describe('chaos: command app, relay and Kafka broker fail under load', () => {
  let cluster: SplitCluster;
  const sockets: RealtimeClient[] = [];
  // Set by afterAll: the senders of a test that failed or timed out mid-load stop, instead of
  // retrying forever against the cluster afterAll stops (which would keep jest alive).
  let halted = false;
  beforeAll(async () => {
    cluster = await startSplitCluster({ OUTBOX_SHARDS: '4' });
  });
  afterAll(async () => {
    halted = true;
    sockets.forEach((s) => s.close());
    await cluster?.stop();
  });

  it('every acknowledged message is in Postgres once, reached every online member once and in order, and consumers caught up', async () => {
    const [a, b] = cluster.gateways;
    const users: TestUser[] = [];
    for (let i = 0; i < 4; i++) users.push(await signUp(i % 2 ? b : a, `chaos${i}`));
    const rooms = [
      (await users[0].api.createConversation({ type: 'group', name: 'chaos-x', memberIds: [users[1].id, users[2].id] })).conversation.id,
      (await users[3].api.createConversation({ type: 'group', name: 'chaos-y', memberIds: [users[1].id, users[2].id] })).conversation.id,
    ];
    const membersOf = (room: string) => (room === rooms[0] ? [0, 1, 2] : [1, 2, 3]);
    const clients: RealtimeClient[] = [];
    const frames = [] as ReturnType<typeof record<'message.created'>>[];
    for (let i = 0; i < 4; i++) {
      const socket = await connect(i % 2 ? b : a, users[i].auth.accessToken);
      sockets.push(socket);
      clients.push(socket);
      frames.push(record(socket, 'message.created'));
      for (const room of rooms) if (membersOf(room).includes(i)) await socket.request('conversation.join', { conversationId: room });
    }

    // Steady load: every member sends to each of its conversations, alternating socket and REST,
    // retrying a failed send with the same clientMessageId until it is acknowledged.
    const acked: Message[] = [];
    let sending = true;
    let failedAttempts = 0;
    const send = async (i: number, room: string, n: number) => {
      const clientMessageId = randomUUID();
      for (;;) {
        try {
          if (n % 2 === 0) {
            const { message } = await clients[i].request('message.send', { conversationId: room, clientMessageId, body: `chaos ${i}/${n}` });
            return acked.push(message);
          }
          const { message } = await users[i].api.sendMessage(room, { clientMessageId, body: `chaos ${i}/${n}` });
          return acked.push(message);
        } catch {
          if (halted) return;
          failedAttempts++;
          await sleep(250);
        }
      }
    };
    const senders = users.map(async (_, i) => {
      for (let n = 0; sending && !halted; n++) {
        for (const room of rooms) if (membersOf(room).includes(i)) await send(i, room, n);
        await sleep(150);
      }
    });

    const t0 = Date.now();
    await sleep(4_000);
    await cluster.kill('command');
    await sleep(1_000);
    await cluster.restart('command');
    const commandBackMs = Date.now() - t0;
    await sleep(3_000);
    await restartKafka();
    const kafkaBackMs = Date.now() - t0;
    await sleep(5_000);
    sending = false;
    await Promise.all(senders);
    const loadMs = Date.now() - t0;

    // 1. Postgres: each acknowledged message exactly once; seqs without gaps. The split deployment's
    // messages are partitioned by month (partitionedSchema): the per-month unique indexes held.
    const db = new Client({ connectionString: cluster.databaseUrl });
    await db.connect();
    try {
      const { rows: homes } = await db.query<{ home: string }>('SELECT DISTINCT tableoid::regclass::text AS home FROM messages WHERE client_message_id = ANY($1)', [acked.map((m) => m.clientMessageId)]);
      expect(homes.length).toBeGreaterThan(0);
      expect(homes.every((h) => /^messages_y\d{4}m\d{2}$/.test(h.home))).toBe(true);
      const { rows } = await db.query<{ client_message_id: string; n: number }>(
        'SELECT client_message_id, count(*)::int AS n FROM messages WHERE client_message_id = ANY($1) GROUP BY client_message_id',
        [acked.map((m) => m.clientMessageId)],
      );
      expect(rows.length).toBe(new Set(acked.map((m) => m.clientMessageId)).size);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      for (const room of rooms) {
        const { rows: seqs } = await db.query<{ seq: string }>('SELECT seq FROM messages WHERE conversation_id = $1 ORDER BY seq', [room]);
        expect(seqs.map((r) => Number(r.seq))).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      }
    } finally {
      await db.end();
    }

    // 2. Every online member received every message of its conversations once, in seq order.
    const expected = (room: string) => acked.filter((m) => m.conversationId === room).map((m) => m.seq).sort((x, y) => x - y);
    const seen = (i: number, room: string) => frames[i].frames.filter((f) => f.message.conversationId === room).map((f) => f.message.seq);
    const missing = () => users.flatMap((_, i) => rooms.filter((room) => membersOf(room).includes(i) && seen(i, room).length < expected(room).length).map((room) => `${i}@${room}`));
    await eventually(() => expect(missing()).toEqual([]), { timeoutMs: 120_000, intervalMs: 250 });
    const convergedMs = Date.now() - t0;
    await sleep(2_000); // late duplicates would arrive now
    for (let i = 0; i < 4; i++) for (const room of rooms) if (membersOf(room).includes(i)) expect(seen(i, room)).toEqual(expected(room));

    // 3. Consumers caught up: the fan-out group committed everything that was published, and the outbox is drained.
    const topic = `${cluster.env.KAFKA_TOPIC_PREFIX}.conversation.events`;
    const lag = () => consumerLag(cluster.env.KAFKA_BROKERS, `${cluster.env.KAFKA_TOPIC_PREFIX}.gateway-fanout`, topic);
    await eventually(async () => expect(await lag()).toBe(0), { timeoutMs: 60_000, intervalMs: 500 });
    const outbox = new Client({ connectionString: cluster.databaseUrl });
    await outbox.connect();
    try {
      const [{ pending }] = (await outbox.query('SELECT count(*)::int AS pending FROM outbox WHERE published_at IS NULL')).rows;
      expect(pending).toBe(0);
    } finally {
      await outbox.end();
    }

    console.log(
      `chaos: ${acked.length} messages acknowledged over ${loadMs} ms (${failedAttempts} failed attempts retried); ` +
        `command ready again at ${commandBackMs} ms, Kafka at ${kafkaBackMs} ms; every member complete at ${convergedMs} ms`,
    );
  });
});
