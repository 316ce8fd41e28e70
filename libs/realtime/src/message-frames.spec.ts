import type { Message } from '@chat/contracts';
import { Metrics, type AppConfig } from '@chat/platform';
import type { ChatServer } from './chat.gateway';
import { MessageFrames } from './message-frames';
import { RealtimeMetrics } from './realtime-metrics';

/** The rooms and seqs of the `message.created` frames a server was asked to emit. */
function recordingServer(): { io: ChatServer; emitted: string[] } {
  const emitted: string[] = [];
  const io = { to: (room: string) => ({ emit: (_frame: string, { message }: { message: Message }) => emitted.push(`${room}#${message.seq}`) }) };
  return { io: io as unknown as ChatServer, emitted };
}

/** MessageFrames on a registry of its own, and its frame counts by path as /metrics would say them. */
function framesFor(config: AppConfig): { frames: MessageFrames; byPath(): Promise<Record<string, number>> } {
  const metrics = new Metrics();
  const frames = new MessageFrames(config, new RealtimeMetrics(metrics));
  const byPath = async () => {
    const { values } = await metrics.registry.getSingleMetric('chat_message_frames_total')!.get();
    return Object.fromEntries(values.map((v) => [String(v.labels.path), v.value]));
  };
  return { frames, byPath };
}

const message = (seq: number, conversationId = 'c') => ({ id: `m${seq}`, conversationId, seq }) as Message;
const singleNode = { kafka: null, redis: null } as AppConfig;
const cluster = { kafka: { brokers: ['k:9092'] }, redis: { url: 'redis://r' } } as unknown as AppConfig;

describe('MessageFrames', () => {
  it('emits what the relay publishes once, in seq order, and drops redeliveries', () => {
    const { io, emitted } = recordingServer();
    const { frames } = framesFor(singleNode);
    [1, 2, 2, 1, 3].forEach((seq) => frames.fromRelay(io, message(seq)));
    frames.fromRelay(io, message(1, 'other'));
    expect(emitted).toEqual(['conv:c#1', 'conv:c#2', 'conv:c#3', 'conv:other#1']);
  });

  it('on a single node emits a committed send at once when it is the next seq, and the relay then skips it', () => {
    const { io, emitted } = recordingServer();
    const { frames } = framesFor(singleNode);
    frames.fromRelay(io, message(1));
    frames.atCommit(io, message(2), true);
    frames.fromRelay(io, message(2));
    expect(emitted).toEqual(['conv:c#1', 'conv:c#2']);
  });

  it('holds a send that answered before an earlier one and emits it right after that one, so frames never skip ahead', async () => {
    const { io, emitted } = recordingServer();
    const { frames, byPath } = framesFor(singleNode);
    frames.fromRelay(io, message(1));
    frames.atCommit(io, message(4), true); // seqs 2 and 3 have not been emitted yet
    frames.atCommit(io, message(3), true);
    expect(emitted).toEqual(['conv:c#1']);
    frames.atCommit(io, message(2), true);
    expect(emitted).toEqual(['conv:c#1', 'conv:c#2', 'conv:c#3', 'conv:c#4']);
    [2, 3, 4].forEach((seq) => frames.fromRelay(io, message(seq)));
    expect(emitted).toHaveLength(4);
    // Counted by the path that emitted them: the held sends went out with the commit that freed them.
    await expect(byPath()).resolves.toEqual({ relay: 1, commit: 3 });
  });

  it('releases held sends when the relay emits the seq they wait for, and forgets the ones the relay emitted itself', () => {
    const { io, emitted } = recordingServer();
    const { frames } = framesFor(singleNode);
    frames.fromRelay(io, message(1));
    frames.atCommit(io, message(3), true);
    frames.atCommit(io, message(5), true);
    frames.atCommit(io, message(2), false); // behind an audience change: the relay's to send
    frames.fromRelay(io, message(2));
    expect(emitted).toEqual(['conv:c#1', 'conv:c#2', 'conv:c#3']);
    frames.fromRelay(io, message(4));
    frames.fromRelay(io, message(5));
    frames.atCommit(io, message(6), true);
    expect(emitted).toEqual(['conv:c#1', 'conv:c#2', 'conv:c#3', 'conv:c#4', 'conv:c#5', 'conv:c#6']);
  });

  it('leaves to the relay a send behind an audience change, one in a conversation it knows nothing of, and every send with several nodes', () => {
    const single = recordingServer();
    const { frames } = framesFor(singleNode);
    frames.atCommit(single.io, message(1), true); // nothing known of this conversation yet
    frames.fromRelay(single.io, message(1));
    frames.atCommit(single.io, message(2), false); // a member left before it and that is not out yet
    expect(single.emitted).toEqual(['conv:c#1']);

    const nodes = recordingServer();
    const { frames: clustered } = framesFor(cluster);
    clustered.fromRelay(nodes.io, message(1));
    clustered.atCommit(nodes.io, message(2), true);
    expect(nodes.emitted).toEqual(['conv:c#1']);
  });
});
