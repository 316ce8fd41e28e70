import { randomUUID } from 'node:crypto';
import { signUp, sleep, startSplitCluster, type SplitApp, type SplitCluster } from '@chat/testing';

/**
 * The whole split topology as separate processes (what `npm run cluster:up` starts): every app
 * boots on its own, connects to the engines it needs and says so on /health/ready; the
 * search-indexer turns message events into Elasticsearch documents.
 */
describe('every app runs on its own', () => {
  let cluster: SplitCluster;
  beforeAll(async () => {
    cluster = await startSplitCluster({}, { auxiliary: true });
  });
  afterAll(() => cluster?.stop());

  it.each<[SplitApp, string[]]>([
    ['command', ['postgres', 'redis', 'kafka']],
    ['query', ['postgres', 'redis', 'kafka']],
    ['gateway-a', ['postgres', 'redis', 'kafka']],
    ['gateway-b', ['postgres', 'redis', 'kafka']],
    ['search-indexer', ['postgres', 'redis', 'kafka', 'elasticsearch']],
    ['notification', ['postgres', 'redis', 'kafka']],
    ['media', ['postgres', 'redis', 'kafka']],
  ])('%s reports ready with its engines checked', async (app, engines) => {
    const res = await fetch(`${cluster.url(app)}/health/ready`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { checks: Record<string, string> };
    for (const engine of engines) expect(body.checks[engine]).toBe('ok');
  });

  it('the search-indexer puts a sent message into Elasticsearch', async () => {
    const [a] = cluster.gateways;
    const alice = await signUp(a, 'alice');
    const { conversation } = await alice.api.createConversation({ type: 'channel', name: `indexed-${randomUUID().slice(0, 8)}`, visibility: 'public' });
    const word = `zebra${randomUUID().slice(0, 8)}`;
    const { message } = await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: `a ${word} crossed` });
    const index = `${cluster.env.KAFKA_TOPIC_PREFIX}-messages`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await fetch(`${cluster.env.ELASTICSEARCH_URL}/${index}/_search?q=body:${word}`);
      const hits = res.ok ? ((await res.json()) as { hits: { hits: { _id: string }[] } }).hits.hits : [];
      if (hits.length) {
        expect(hits.map((h) => h._id)).toEqual([message.id]);
        break;
      }
      if (Date.now() > deadline) throw new Error('message not indexed within 30 s');
      await sleep(300);
    }
    await fetch(`${cluster.env.ELASTICSEARCH_URL}/${index}`, { method: 'DELETE' });
  });
});
