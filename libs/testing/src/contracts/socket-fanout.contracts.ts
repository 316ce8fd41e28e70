import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Server } from 'socket.io';
import type { Socket as ClientSocket } from 'socket.io-client';
import { inSpan, SpanKind } from '@chat/platform';
import { joinRooms } from '@chat/realtime';
import { eventually } from '../eventually';

/** Two nodes of one fan-out adapter; with the memory adapter both are the same server. */
export interface FanOutUnderTest {
  nodes: [Server, Server];
  /** A connected client of node `i`, with the server-side socket's id. */
  client(node: 0 | 1): Promise<{ socket: ClientSocket; serverId: string }>;
}

export interface FanOutContractCase {
  name: string;
  run(cluster: FanOutUnderTest): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const recordFrames = (socket: ClientSocket, event: string) => {
  const frames: Record<string, unknown>[] = [];
  socket.on(event, (f: Record<string, unknown>) => frames.push(f));
  return frames;
};
const until = (condition: () => boolean) => eventually(() => assert.ok(condition()), { timeoutMs: 5_000, intervalMs: 20 });
/** Joins on the node that holds the socket, as a gateway does in `conversation.join`. */
const join = async (node: Server, socketId: string, room: string) => joinRooms(node.sockets.sockets.get(socketId)!, room);

/**
 * A room with one member on each node; the member on node 1 is also in its user room, so a case
 * can take that user out of the room from node 0 and check who still gets `event`.
 */
async function roomWithLeaver({ nodes, client }: FanOutUnderTest, event: string) {
  const room = `conv:${randomUUID()}`;
  const user = `user:${randomUUID()}`;
  const stays = await client(0);
  const leaves = await client(1);
  await join(nodes[0], stays.serverId, room);
  await join(nodes[1], leaves.serverId, room);
  await join(nodes[1], leaves.serverId, user);
  return { nodes, room, user, staysFrames: recordFrames(stays.socket, event), leavesFrames: recordFrames(leaves.socket, event) };
}

/**
 * What the gateway relies on from the Socket.IO adapter, whichever it is (in-memory on one node,
 * sharded Redis across nodes): a frame emitted to a room on any node reaches every member socket
 * once, in emit order, and nobody else; membership changes made on one node hold everywhere; and
 * frames emitted under a trace carry its id.
 */
export const SOCKET_FANOUT_CONTRACT: FanOutContractCase[] = [
  {
    name: 'a frame emitted to a room on one node reaches every member on every node once, in order, and nobody else',
    async run({ nodes, client }) {
      const room = `conv:${randomUUID()}`;
      const here = await client(0);
      const there = await client(1);
      const outsider = await client(1);
      await join(nodes[0], here.serverId, room);
      await join(nodes[1], there.serverId, room);
      const frames = [here, there, outsider].map((c) => recordFrames(c.socket, 'message.created'));
      for (let seq = 1; seq <= 20; seq++) nodes[0].to(room).emit('message.created', { seq });
      await until(() => frames[0].length >= 20 && frames[1].length >= 20);
      await sleep(200);
      for (const f of frames.slice(0, 2)) assert.deepEqual(f.map((x) => x.seq), Array.from({ length: 20 }, (_, i) => i + 1));
      assert.equal(frames[2].length, 0);
    },
  },
  {
    name: 'a frame emitted on another node as soon as a join has resolved reaches the joiner',
    async run({ nodes, client }) {
      // What conversation.join promises: after its ack, the conversation's next message reaches
      // the socket, whichever node sends it. No pause between the join and the emit.
      const joiner = await client(1);
      const frames = recordFrames(joiner.socket, 'message.created');
      const rooms = Array.from({ length: 300 }, () => `conv:${randomUUID()}`);
      for (const [seq, room] of rooms.entries()) {
        await join(nodes[1], joiner.serverId, room);
        nodes[0].to(room).emit('message.created', { seq });
      }
      await until(() => frames.length === rooms.length);
    },
  },
  {
    name: 'taking a user’s sockets out of a room on one node holds on the node that has them',
    async run(cluster) {
      const { nodes, room, user, staysFrames, leavesFrames } = await roomWithLeaver(cluster, 'member.left');
      nodes[0].in(user).socketsLeave(room);
      await sleep(200);
      nodes[0].to(room).emit('member.left', { room });
      await until(() => staysFrames.length === 1);
      await sleep(200);
      assert.equal(leavesFrames.length, 0);
    },
  },
  {
    name: 'a frame emitted to a room right after its member was taken out does not reach them',
    async run(cluster) {
      const { nodes, room, user, staysFrames, leavesFrames } = await roomWithLeaver(cluster, 'message.created');
      // What the fan-out does for member.left followed by the conversation's next message: the
      // leave and the frame travel on different channels (namespace, room) and must not overtake.
      nodes[0].in(user).socketsLeave(room);
      nodes[0].to(room).emit('message.created', { seq: 1 });
      await until(() => staysFrames.length === 1);
      await sleep(200);
      assert.equal(leavesFrames.length, 0);
    },
  },
  {
    name: 'a frame emitted under a trace carries its trace id; one emitted outside a trace carries none',
    async run({ nodes, client }) {
      const room = `conv:${randomUUID()}`;
      const member = await client(1);
      await join(nodes[1], member.serverId, room);
      const frames = recordFrames(member.socket, 'conversation.updated');
      let traceId = '';
      await inSpan('consume test', { kind: SpanKind.CONSUMER }, async () => {
        traceId = (await import('@opentelemetry/api')).trace.getActiveSpan()!.spanContext().traceId;
        nodes[0].to(room).emit('conversation.updated', { n: 1 });
      });
      nodes[0].to(room).emit('conversation.updated', { n: 2 });
      await until(() => frames.length === 2);
      assert.equal(frames[0].traceId, traceId);
      assert.equal(frames[1].traceId, undefined);
    },
  },
];
