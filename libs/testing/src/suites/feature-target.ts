import { randomUUID } from 'node:crypto';
import type { Conversation, Message } from '@chat/contracts';
import type { RealtimeClient } from '@chat/sdk';
import { connect, signUp, sleep, type TestUser } from '../clients';
import type { TestClock } from '../test-clock';

/**
 * Where the realtime feature suites run: one all-in-one process (embedded) or a split
 * deployment (gateways A and B on Kafka, Redis and Postgres). Users sign up on the first node;
 * sockets are spread over all nodes, so a frame often has to cross from one node to another.
 */
export interface FeatureTarget {
  urls: string[];
  /** The app's clock when the suite runs in-process; null for separate processes (time then really passes). */
  clock: TestClock | null;
  /** The target's PRESENCE_AWAY_AFTER_SECONDS, PRESENCE_LEASE_SECONDS and TYPING_TTL_SECONDS, in ms. */
  awayAfterMs: number;
  leaseMs: number;
  typingTtlMs: number;
  close(): Promise<void>;
}

export type TargetFactory = () => Promise<FeatureTarget>;

/** Sweeps run every 250 ms and presence is coalesced for 250 ms: time for a change to show. */
export const SETTLE_MS = 700;

export function suiteContext(factory: TargetFactory) {
  let target: FeatureTarget;
  // Every socket a test opens, closed after it whether it passed or not: a heartbeat the test
  // started would otherwise keep ticking, and jest from exiting.
  const sockets: RealtimeClient[] = [];
  beforeAll(async () => {
    target = await factory();
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(() => target?.close());
  return {
    get target() {
      return target;
    },
    people: (n: number, prefix = 'user') => Promise.all(Array.from({ length: n }, (_, i) => signUp(target.urls[0], `${prefix}${i}`))),
    /** A socket on node `node` (round-robin), already subscribed to the given conversations, of its own device unless `deviceId` names one; closed after the test. */
    async socket(user: TestUser, node: number, conversationIds: string[] = [], deviceId?: string): Promise<RealtimeClient> {
      const client = await connect(target.urls[node % target.urls.length], user.auth.accessToken, deviceId);
      sockets.push(client);
      for (const conversationId of conversationIds) await client.request('conversation.join', { conversationId });
      return client;
    },
    /**
     * Lets `ms` pass with the device heartbeating but the person doing nothing. With the clock,
     * in 15 s steps with a heartbeat each (the lease is 30 s); for real, its heartbeat timer runs.
     */
    async idleFor(ms: number, device: RealtimeClient): Promise<void> {
      for (let left = ms; target.clock && left > 0; left -= 15_000) {
        target.clock.advance(Math.min(15_000, left));
        await device.request('presence.heartbeat', {});
      }
      if (!target.clock) await sleep(ms);
      await sleep(SETTLE_MS);
    },
    /** The time the server sees. */
    now: () => (target.clock ? target.clock.now() : Date.now()),
    /** Slack around a deadline: none with the clock (boundaries are exact); scheduling and SETTLE_MS waits blur them in real time. */
    margin: () => (target.clock ? 1 : 2_500),
    /** Moves the in-process clock, or waits for real; then lets the sweeps run. */
    async passTime(ms: number): Promise<void> {
      if (target.clock) target.clock.advance(ms);
      else await sleep(ms);
      await sleep(SETTLE_MS);
    },
  };
}

export async function group(owner: TestUser, members: TestUser[], name = `g-${randomUUID().slice(0, 8)}`): Promise<Conversation> {
  return (await owner.api.createConversation({ type: 'group', name, memberIds: members.map((m) => m.id) })).conversation;
}

export async function say(user: TestUser, conversationId: string, body: string): Promise<Message> {
  return (await user.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body })).message;
}
