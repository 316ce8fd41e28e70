import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import type { EventEnvelope, Message } from '@chat/contracts';
import { ChatApi } from '@chat/sdk';
import { createDatabaseOn, dropDatabase, engineEnv, eventually, freePort, runId, signUp, sleep, startServerProcess, type ServerProcess } from '@chat/testing';

const RELAY_LOCK_CLASS = 7_346_001;

/**
 * Two command apps, each with its outbox relay, on one database and one Kafka topic: they split
 * the outbox shards between them (one publisher per shard), and when one is SIGKILLed the other
 * takes its shards over. Every message reaches Kafka, and each conversation's events stay in seq
 * order (a republished batch may repeat events; their first appearances keep the order).
 */
describe('outbox relay with several instances', () => {
  const processes: ServerProcess[] = [];
  let databaseUrl: string;
  afterAll(async () => {
    for (const p of processes) p.killGroup('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    if (databaseUrl) await dropDatabase(databaseUrl).catch(() => undefined);
  });

  it('shares the shards, takes over those of a killed relay, and keeps every conversation in order', async () => {
    const engines = engineEnv();
    databaseUrl = await createDatabaseOn(engines.DATABASE_URL);
    const prefix = runId('relay').replace('_', '-');
    const env = {
      ...engines,
      DATABASE_URL: databaseUrl,
      KAFKA_TOPIC_PREFIX: prefix,
      REDIS_KEY_PREFIX: prefix,
      JWT_SECRET: 'relay-test-secret-of-at-least-32-characters',
      OUTBOX_SHARDS: '4',
      OUTBOX_POLL_INTERVAL_MS: '100',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      RATE_LIMIT_MESSAGES_PER_SECOND: '10000',
      RATE_LIMIT_MESSAGE_BURST: '10000',
      RATE_LIMIT_AUTH_PER_MINUTE: '100000',
    };
    const start = async (name: string) => {
      const proc = await startServerProcess('command', { ...env, PORT: String(await freePort()), NODE_ID: name }, 90_000);
      processes.push(proc);
      return proc;
    };
    const a = await start('relay-a');
    const b = await start('relay-b');

    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const holders = async () =>
      (
        await db.query<{ pid: number; shards: number }>(
          `SELECT pid, count(*)::int AS shards FROM pg_locks
            WHERE locktype = 'advisory' AND classid = $1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            GROUP BY pid ORDER BY pid`,
          [RELAY_LOCK_CLASS],
        )
      ).rows.map((r) => r.shards);
    try {
      await eventually(async () => expect(await holders()).toEqual([2, 2]), { timeoutMs: 20_000, intervalMs: 250 });

      const alice = await signUp(a.url, 'relay');
      const apis = [alice.api, new ChatApi({ baseUrl: b.url, accessToken: alice.auth.accessToken })];
      const conversations: string[] = [];
      for (let i = 0; i < 8; i++) conversations.push((await alice.api.createConversation({ type: 'channel', name: `relay-${prefix}-${i}`, visibility: 'public' })).conversation.id);

      const acked: Message[] = [];
      let aAlive = true;
      for (let round = 0; round < 20; round++) {
        if (round === 8) {
          a.killGroup('SIGKILL');
          await a.exited;
          aAlive = false;
        }
        await Promise.all(
          conversations.map(async (id, i) => {
            const clientMessageId = randomUUID();
            for (let attempt = 0; ; attempt++) {
              const api = aAlive && (round + i + attempt) % 2 === 0 ? apis[0] : apis[1];
              try {
                return acked.push((await api.sendMessage(id, { clientMessageId, body: `r${round}` })).message);
              } catch (err) {
                if (attempt > 20) throw err;
                await sleep(100);
              }
            }
          }),
        );
      }
      await eventually(async () => expect(await holders()).toEqual([4]), { timeoutMs: 20_000, intervalMs: 250 });

      const firstSeen = new Map<string, number[]>();
      const ids = new Set<string>();
      const kafka = new Kafka({ brokers: engines.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
      const consumer = kafka.consumer({ groupId: `${prefix}.test-reader` });
      try {
        await consumer.connect();
        await consumer.subscribe({ topic: `${prefix}.conversation.events`, fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ message }) => {
            const event = JSON.parse(message.value!.toString()) as EventEnvelope;
            if (event.name !== 'chat.message.sent.v1' || ids.has(event.id)) return;
            ids.add(event.id);
            const { message: m } = (event as EventEnvelope<'chat.message.sent.v1'>).payload;
            firstSeen.set(m.conversationId, [...(firstSeen.get(m.conversationId) ?? []), m.seq]);
          },
        });
        await eventually(() => expect(ids.size).toBe(acked.length), { timeoutMs: 60_000, intervalMs: 250 });
      } finally {
        await consumer.disconnect();
      }
      for (const id of conversations) {
        const expected = acked.filter((m) => m.conversationId === id).map((m) => m.seq).sort((x, y) => x - y);
        expect(firstSeen.get(id)).toEqual(expected);
      }
      const [{ pending }] = (await db.query('SELECT count(*)::int AS pending FROM outbox WHERE published_at IS NULL')).rows;
      expect(pending).toBe(0);
    } finally {
      await db.end();
    }
  });
});
