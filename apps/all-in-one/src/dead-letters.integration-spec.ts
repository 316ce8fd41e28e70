import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_TENANT_ID, type DeadLettersResponse, type EventEnvelope, type ReplayDeadLettersResponse } from '@chat/contracts';
import { DeadLetterRetentionJob } from '@chat/administration';
import { DeadLetterRepository } from '@chat/persistence';
import { event, EVENT_BUS, MESSAGE_SEARCH_INDEX, type EventBus, type MessageSearchIndex, type SearchDocument } from '@chat/platform';
import { ChatApi } from '@chat/sdk';
import { eventually, signUp, sleep, startTestApp, uniqueName, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const MAX_ATTEMPTS = 3;
const REPLAY_LEASE_MS = 1_500;

/**
 * Seed 003 R3.7, R5.4, R12.4 on the embedded bus and a real Postgres: a consumer group that fails on
 * one event tries it CONSUMER_MAX_ATTEMPTS times, sets it aside in consumer_dead_letters and goes on
 * with the events behind it; an operator lists it and replays it to that group once the cause is
 * fixed; an unavailable engine is waited out and sets nothing aside.
 */
describe('consumer dead letters (in-process bus)', () => {
  const operatorName = uniqueName('operator');
  let server: TestApp;
  let operator: ChatApi;
  let alice: TestUser;
  let conversationId: string;
  let bus: EventBus;

  const send = async (body: string, clientMessageId = randomUUID()) => (await alice.api.sendMessage(conversationId, { clientMessageId, body })).message;
  const scrape = async () => (await fetch(`${server.url}/metrics`)).text();
  const deadLetterCount = async (group: string) => Number(new RegExp(`^chat_consumer_dead_letters_total\\{group="${group}"\\} (\\d+)$`, 'm').exec(await scrape())?.[1] ?? 0);
  const pending = async (group: string) => (await operator.request<DeadLettersResponse>('GET', `/v1/admin/dead-letters?group=${group}`)).data;
  const replay = async (body: object) => (await operator.request<ReplayDeadLettersResponse>('POST', '/v1/admin/dead-letters/replay', body)).data;

  /** A consumer group of the test's own, with every call and every applied event recorded. */
  function testGroup(group: string, fail: (event: EventEnvelope, failedBefore: number) => Error | null) {
    const applied: string[] = [];
    const failures = new Map<string, number>();
    bus.subscribe(group, async (events) => {
      for (const event of events) {
        const error = fail(event, failures.get(event.id) ?? 0);
        if (error) {
          failures.set(event.id, (failures.get(event.id) ?? 0) + 1);
          throw error;
        }
        applied.push(event.id);
      }
    });
    return { applied, failures };
  }
  /** Matched by clientMessageId, which the test picks before the send: the relay may publish before the send returns. */
  const clientIdOf = (event: EventEnvelope) => (event.payload as { message?: { clientMessageId: string } }).message?.clientMessageId;
  const eventOf = async (messageId: string) => {
    const [row] = await server.app.get(DataSource).query(`SELECT event_id FROM outbox WHERE payload->'message'->>'id' = $1 AND event_name = 'chat.message.sent.v1'`, [messageId]);
    return row.event_id as string;
  };

  beforeAll(async () => {
    server = await startTestApp(allInOne, { ADMIN_USERNAMES: operatorName, CONSUMER_MAX_ATTEMPTS: String(MAX_ATTEMPTS), CONSUMER_RETRY_BASE_MS: '5', CONSUMER_RETRY_MAX_MS: '40', DEAD_LETTER_REPLAY_LEASE_MS: String(REPLAY_LEASE_MS) });
    operator = new ChatApi({ baseUrl: server.url });
    await operator.register(operatorName, 'Operator', 'password-123');
    alice = await signUp(server.url, 'alice');
    conversationId = (await alice.api.createConversation({ type: 'channel', name: `dead-letters-${randomUUID().slice(0, 8)}` })).conversation.id;
    bus = server.app.get(EVENT_BUS);
  });
  afterAll(() => server?.close());

  it('sets aside an event its group keeps failing on, goes on with the events behind it, counts it, and a replay after the fix applies it once', async () => {
    let broken = true;
    const poisonId = randomUUID();
    const group = testGroup('test-poisoned', (event) => (broken && clientIdOf(event) === poisonId ? new Error('cannot apply this event') : null));
    const before = await send('before the poison');
    const poison = await send('poison', poisonId);
    const after = [await send('after the poison 1'), await send('after the poison 2')];
    const [beforeEvent, poisonEvent, ...afterEvents] = await Promise.all([before, poison, ...after].map((m) => eventOf(m.id)));

    await eventually(() => expect(group.applied).toEqual(expect.arrayContaining([beforeEvent, ...afterEvents])), { timeoutMs: 15_000 });
    expect(group.applied).not.toContain(poisonEvent);
    expect(group.failures.get(poisonEvent)).toBeGreaterThanOrEqual(MAX_ATTEMPTS);
    expect(await deadLetterCount('test-poisoned')).toBe(1);
    const { deadLetters, hasMore } = await pending('test-poisoned');
    expect(hasMore).toBe(false);
    expect(deadLetters).toEqual([
      expect.objectContaining({ group: 'test-poisoned', attempts: MAX_ATTEMPTS, error: expect.stringContaining('cannot apply this event'), event: expect.objectContaining({ id: poisonEvent, tenantId: DEFAULT_TENANT_ID }) }),
    ]);
    const [row] = await server.app.get(DataSource).query(`SELECT tenant_id, first_failed_at <= last_failed_at AS ordered FROM consumer_dead_letters WHERE consumer_group = 'test-poisoned'`);
    expect(row).toEqual({ tenant_id: DEFAULT_TENANT_ID, ordered: true });
    // No other group saw it fail: each of them has applied it.
    expect((await pending('search-indexer')).deadLetters).toEqual([]);

    broken = false;
    const appliedBefore = group.applied.length;
    expect(await replay({ group: 'test-poisoned' })).toEqual({ group: 'test-poisoned', replayed: 1, remaining: 0 });
    expect(group.applied.slice(appliedBefore)).toEqual([poisonEvent]);
    expect((await pending('test-poisoned')).deadLetters).toEqual([]);
    expect(await replay({ group: 'test-poisoned' })).toEqual({ group: 'test-poisoned', replayed: 0, remaining: 0 });
    await sleep(300);
    expect(group.applied.filter((id) => id === poisonEvent)).toHaveLength(1);
  });

  it('resolves a letter once its group handles the event on a later delivery (a relay that published it again), so a replay applies nothing twice', async () => {
    let broken = true;
    const poisonId = randomUUID();
    const group = testGroup('test-resolved', (event) => (broken && clientIdOf(event) === poisonId ? new Error('cannot apply this event') : null));
    const poisonEvent = await eventOf((await send('poison', poisonId)).id);
    await eventually(async () => expect((await pending('test-resolved')).deadLetters).toHaveLength(1), { timeoutMs: 15_000 });
    const [letter] = (await pending('test-resolved')).deadLetters;

    broken = false;
    await bus.publish([letter.event]);
    expect(group.applied).toEqual([poisonEvent]);
    expect((await pending('test-resolved')).deadLetters).toEqual([]);
    expect(await replay({ group: 'test-resolved' })).toEqual({ group: 'test-resolved', replayed: 0, remaining: 0 });
    expect(group.applied).toEqual([poisonEvent]);
  });

  it('keeps search indexing behind a message the index rejects, and indexes it on replay once the index takes it', async () => {
    const index = server.app.get<MessageSearchIndex>(MESSAGE_SEARCH_INDEX);
    const topic = `topic${randomUUID().slice(0, 8)}`;
    let rejecting = true;
    const put = index.put.bind(index);
    const spy = jest.spyOn(index, 'put').mockImplementation(async (documents: readonly SearchDocument[]) => {
      if (rejecting && documents.some((d) => d.body.includes('unindexable'))) throw Object.assign(new Error('mapper_parsing_exception: failed to parse field [body]'), { meta: { statusCode: 400 } });
      return put(documents);
    });
    try {
      const bad = await send(`${topic} unindexable`);
      await send(`${topic} one`);
      await send(`${topic} two`);
      await eventually(async () => expect((await alice.api.search({ q: topic })).hits).toHaveLength(2), { timeoutMs: 15_000 });
      const letters = (await pending('search-indexer')).deadLetters;
      expect(letters.map((l) => (l.event.payload as { message: { id: string } }).message.id)).toEqual([bad.id]);
      expect(await deadLetterCount('search-indexer')).toBe(1);
      expect(await scrape()).toMatch(/^chat_consumer_lag_seconds_count\{group="search-indexer"\} [1-9]/m);

      rejecting = false;
      expect(await replay({ group: 'search-indexer', eventId: letters[0].event.id })).toMatchObject({ replayed: 1, remaining: 0 });
      expect((await alice.api.search({ q: topic })).hits).toHaveLength(3);
    } finally {
      spy.mockRestore();
    }
  });

  it('retries a group that fails a few times and waits out an unavailable engine, setting nothing aside and losing nothing', async () => {
    const targetId = randomUUID();
    const flaky = testGroup('test-flaky', (event, failed) => (clientIdOf(event) === targetId && failed < MAX_ATTEMPTS - 1 ? new Error('hiccup') : null));
    // Longer than the in-process bus retries in place: the publish fails and the relay publishes again.
    const outage = testGroup('test-outage', (event, failed) =>
      clientIdOf(event) === targetId && failed < 2 * MAX_ATTEMPTS ? Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }) : null,
    );
    const target = await send('flaky', targetId);
    const targetEvent = await eventOf(target.id);
    await eventually(() => {
      expect(flaky.applied).toContain(targetEvent);
      expect(outage.applied).toContain(targetEvent);
    }, { timeoutMs: 15_000 });
    expect(flaky.failures.get(targetEvent)).toBe(MAX_ATTEMPTS - 1);
    expect(outage.failures.get(targetEvent)).toBe(2 * MAX_ATTEMPTS);
    expect(await deadLetterCount('test-flaky')).toBe(0);
    expect(await deadLetterCount('test-outage')).toBe(0);
    expect((await pending('test-flaky')).deadLetters).toEqual([]);
    expect((await pending('test-outage')).deadLetters).toEqual([]);
  });

  it('loses no letter to a replay that died before the bus had it: it is pending, and replayable once DEAD_LETTER_REPLAY_LEASE_MS runs out', async () => {
    const group = testGroup('test-crashed-replay', () => null);
    const letter = event(randomUUID(), 0);
    const repository = server.app.get(DeadLetterRepository);
    await repository.record({ group: 'test-crashed-replay', event: letter, error: 'Error: no', attempts: MAX_ATTEMPTS, firstFailedAt: new Date(), lastFailedAt: new Date() });
    // What a replay does before it hands the events to the bus; it then dies.
    expect((await repository.takeForReplay('test-crashed-replay', null, 10, REPLAY_LEASE_MS)).events.map((e) => e.id)).toEqual([letter.id]);

    expect((await pending('test-crashed-replay')).deadLetters.map((l) => l.event.id)).toEqual([letter.id]);
    expect(await replay({ group: 'test-crashed-replay' })).toEqual({ group: 'test-crashed-replay', replayed: 0, remaining: 1 });
    await sleep(REPLAY_LEASE_MS + 200);
    expect(await replay({ group: 'test-crashed-replay' })).toEqual({ group: 'test-crashed-replay', replayed: 1, remaining: 0 });
    expect(group.applied).toEqual([letter.id]);
    expect((await pending('test-crashed-replay')).deadLetters).toEqual([]);
  });

  it('marks a letter replayed only by the replay holding it: not after its lease went to another replay, nor after it failed again', async () => {
    const repository = server.app.get(DeadLetterRepository);
    const [overtaken, failedAgain] = [0, 1].map((n) => event(randomUUID(), n));
    const letter = (e: EventEnvelope) => ({ group: 'test-leases', event: e, error: 'Error: no', attempts: 1, firstFailedAt: new Date(), lastFailedAt: new Date() });
    const pendingIds = async () => (await pending('test-leases')).deadLetters.map((l) => l.event.id).sort();
    for (const e of [overtaken, failedAgain]) await repository.record(letter(e));

    const slow = await repository.takeForReplay('test-leases', overtaken.id, 10, REPLAY_LEASE_MS);
    await sleep(REPLAY_LEASE_MS + 200);
    const next = await repository.takeForReplay('test-leases', overtaken.id, 10, REPLAY_LEASE_MS);
    expect(next.events.map((e) => e.id)).toEqual([overtaken.id]);
    await repository.finishReplay('test-leases', slow);
    expect(await pendingIds()).toEqual([overtaken.id, failedAgain.id].sort());
    await repository.finishReplay('test-leases', next);
    expect(await pendingIds()).toEqual([failedAgain.id]);

    const replaying = await repository.takeForReplay('test-leases', failedAgain.id, 10, REPLAY_LEASE_MS);
    await repository.record(letter(failedAgain));
    await repository.finishReplay('test-leases', replaying);
    expect(await pendingIds()).toEqual([failedAgain.id]);
    // Failed again, it is free at once: no lease to wait out.
    expect((await repository.takeForReplay('test-leases', failedAgain.id, 10, REPLAY_LEASE_MS)).events).toHaveLength(1);
  });

  it('deletes letters replayed more than DEAD_LETTER_RETENTION_DAYS ago, and keeps pending and recently replayed ones', async () => {
    const repository = server.app.get(DeadLetterRepository);
    const [old, pendingOne, recent] = [0, 1, 2].map((n) => event(randomUUID(), n));
    const letter = (e: EventEnvelope) => ({ group: 'test-retention', event: e, error: 'Error: no', attempts: MAX_ATTEMPTS, firstFailedAt: new Date(), lastFailedAt: new Date() });
    for (const e of [old, pendingOne, recent]) await repository.record(letter(e));
    for (const e of [old, recent]) await repository.finishReplay('test-retention', await repository.takeForReplay('test-retention', e.id, 10, REPLAY_LEASE_MS));
    const ds = server.app.get(DataSource);
    await ds.query(`UPDATE consumer_dead_letters SET replayed_at = now() - make_interval(days => $1) WHERE event_id = $2`, [server.config.consumers.retentionDays + 1, old.id]);
    await ds.query(`UPDATE consumer_dead_letters SET last_failed_at = now() - interval '400 days' WHERE event_id = $1`, [pendingOne.id]);

    expect(await server.app.get(DeadLetterRetentionJob).prune()).toBe(1);
    const rows: { event_id: string }[] = await ds.query(`SELECT event_id FROM consumer_dead_letters WHERE consumer_group = 'test-retention' ORDER BY event_id`);
    expect(rows.map((r) => r.event_id).sort()).toEqual([pendingOne.id, recent.id].sort());
    expect((await pending('test-retention')).deadLetters.map((l) => l.event.id)).toEqual([pendingOne.id]);
  });

  it('is for platform operators only, and refuses bad input with the contract error', async () => {
    const someone = await signUp(server.url);
    await expect(someone.api.request('GET', '/v1/admin/dead-letters')).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await expect(someone.api.request('POST', '/v1/admin/dead-letters/replay', { group: 'audit' })).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await expect(operator.request('GET', '/v1/admin/dead-letters?limit=0')).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    await expect(operator.request('GET', `/v1/admin/dead-letters?limit=${server.config.consumers.listMaxLimit + 1}`)).rejects.toMatchObject({ status: 400 });
    await expect(operator.request('POST', '/v1/admin/dead-letters/replay', { group: 'Not A Group' })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    await expect(operator.request('POST', '/v1/admin/dead-letters/replay', { group: 'audit', eventId: 'nope' })).rejects.toMatchObject({ status: 400, body: { message: expect.stringContaining('eventId') } });
  });
});
