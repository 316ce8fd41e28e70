import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { Metrics } from '@chat/platform';

/** What presence and typing cost, on the app's Prometheus registry (presence is the usual CPU sink of chat servers). */
@Injectable()
export class RealtimeMetrics {
  readonly presenceTransitions: Counter<'status'>;
  readonly presenceFrames: Counter;
  readonly presenceCoalesced: Counter;
  readonly presenceFlushSeconds: Histogram;
  readonly presenceStoreOps: Counter<'op'>;
  readonly typingFrames: Counter;
  /** `message.created` frames this node emitted, by path: right after the send's commit, or from the relay's pass. */
  readonly messageFramesAtCommit: Counter.Internal;
  readonly messageFramesFromRelay: Counter.Internal;
  /** Sockets made to reconnect because the fan-out adapter's subscriber connection dropped (fan-out-recovery.ts). */
  readonly socketsResynced: Counter;

  constructor(metrics: Metrics) {
    const registers = [metrics.registry];
    this.presenceTransitions = new Counter({ name: 'chat_presence_transitions_total', help: 'Presence changes announced (won the compare-and-set), by new status', labelNames: ['status'], registers });
    this.presenceFrames = new Counter({ name: 'chat_presence_frames_total', help: 'Presence broadcasts emitted (one per changed user per flush, to all their rooms)', registers });
    this.presenceCoalesced = new Counter({ name: 'chat_presence_coalesced_total', help: 'Presence changes not broadcast: superseded within the window, or equal to what was last sent', registers });
    this.presenceFlushSeconds = new Histogram({
      name: 'chat_presence_flush_seconds',
      help: 'Time to resolve rooms and emit one coalesced batch of presence changes',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers,
    });
    this.presenceStoreOps = new Counter({ name: 'chat_presence_store_ops_total', help: 'Presence store calls, by operation', labelNames: ['op'], registers });
    this.typingFrames = new Counter({ name: 'chat_typing_frames_total', help: 'Typing broadcasts emitted', registers });
    const messageFrames = new Counter({
      name: 'chat_message_frames_total',
      help: 'message.created broadcasts this node emitted, by path: at the send\'s commit, or from the outbox relay (a relay pass later)',
      labelNames: ['path'],
      registers,
    });
    // Bound once: a labelled inc() hashes its label object on every call, and these run per message.
    this.messageFramesAtCommit = messageFrames.labels('commit');
    this.messageFramesFromRelay = messageFrames.labels('relay');
    this.socketsResynced = new Counter({
      name: 'chat_socket_fanout_resyncs_total',
      help: 'Sockets made to reconnect (and catch up) because the fan-out adapter\'s Redis subscriber connection dropped and came back',
      registers,
    });
  }
}
