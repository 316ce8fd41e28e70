import type { Message } from '@chat/contracts';
import { ChatApi, ChatApiError, RealtimeClient } from '@chat/sdk';
import { encodeHistogram, newLatencyHistogram, recordMs, type Histogram } from '../report/latency';
import { sleepUntil, wallNow } from '../runtime/clock';
import { mapBounded } from './bounded';
import { dueSends, messageBody, parseMessageBody } from './plan';
import type { ConnectCommand, ConnectResult, LoadCommand, LoadResult, SetupCommand, SetupResult, SocketAssignment } from './protocol';

interface Slot extends SocketAssignment {
  token: string;
  client: RealtimeClient | null;
  /** Highest seq seen in the room: order check of message.created. */
  lastSeq: number;
}

/** Counters of the load command in progress; frames of other phases are only counted as stale. */
interface Phase {
  measureTag: string;
  measuring: boolean;
  result: LoadResult;
  deliveries: Histogram;
  acks: Histogram;
  arrivals: Histogram;
  lastFrameAt: number;
}

const MAX_ERROR_SAMPLES = 10;
const TICK_MS = 5;

/** One load worker's slice of the sockets, driven by the runner's commands. */
export class WorkerSession {
  private slots: Slot[] = [];
  private phase: Phase | null = null;
  private sendCounter = 0;
  private disconnects = 0;
  private otherFrames = 0;
  private readonly otherByEvent: Record<string, number> = {};
  private heartbeats = 0;
  private heartbeatErrors = 0;
  private deliveryAcksSent = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  private disconnectReasons: string[] = [];

  constructor(private readonly workerId: string) {}

  async setup(cmd: SetupCommand): Promise<SetupResult> {
    const started = wallNow();
    const errors: string[] = [];
    this.slots = cmd.sockets.map((s) => ({ ...s, token: 'bench', client: null, lastSeq: 0 }));
    if (!cmd.accounts) return { ok: this.slots.length, failed: 0, errors, elapsedMs: 0 };
    let failed = 0;
    await mapBounded(this.slots, cmd.concurrency, async (slot) => {
      for (let attempt = 1; ; attempt++) {
        try {
          const api = new ChatApi({ baseUrl: slot.url });
          const auth = await api.guest(`${cmd.usernamePrefix}${slot.index}`);
          if (slot.room) await api.join(slot.room);
          slot.token = auth.accessToken;
          return;
        } catch (err) {
          if (attempt < 3) continue;
          failed++;
          if (errors.length < MAX_ERROR_SAMPLES) errors.push(describe(err));
          return;
        }
      }
    });
    return { ok: this.slots.length - failed, failed, errors, elapsedMs: wallNow() - started };
  }

  async connect(cmd: ConnectCommand): Promise<ConnectResult> {
    const result: ConnectResult = { connected: 0, failed: 0, joined: 0, joinFailed: 0, joinedByRoom: {}, errors: [], firstConnectedAt: null, lastConnectedAt: null, lastJoinedAt: null, connectHistogram: '' };
    const connectTimes = newLatencyHistogram();
    const error = (err: unknown) => result.errors.length < MAX_ERROR_SAMPLES && result.errors.push(describe(err));
    await sleepUntil(cmd.startAt);
    const open = async (slot: Slot) => {
      const client = new RealtimeClient({
        url: slot.url,
        token: slot.token,
        ackTimeoutMs: cmd.ackTimeoutMs,
        ...(cmd.deliveryAcksMs > 0 ? { deliveryAcks: { intervalMs: cmd.deliveryAcksMs } } : {}),
        socket: { reconnection: false, timeout: 30_000 },
      });
      slot.client = client;
      client.socket.on('message.created', (frame) => this.onFrame(slot, frame.message));
      client.socket.onAnyOutgoing((event: string) => void (event === 'delivered' && this.deliveryAcksSent++));
      client.socket.onAny((event: string) => {
        if (event === 'message.created') return;
        this.otherFrames++;
        this.otherByEvent[event] = (this.otherByEvent[event] ?? 0) + 1;
      });
      try {
        await client.connected();
      } catch (err) {
        result.failed++;
        error(err);
        return;
      }
      const at = wallNow();
      recordMs(connectTimes, at - cmd.startAt);
      result.connected++;
      result.firstConnectedAt = Math.min(result.firstConnectedAt ?? at, at);
      result.lastConnectedAt = Math.max(result.lastConnectedAt ?? at, at);
      client.socket.on('disconnect', (reason) => {
        this.disconnects++;
        if (this.disconnectReasons.length < MAX_ERROR_SAMPLES) this.disconnectReasons.push(`disconnect: ${reason}`);
      });
      if (cmd.heartbeatMs > 0) this.startHeartbeat(client, cmd.heartbeatMs);
    };
    if (cmd.concurrency <= 0) await Promise.all(this.slots.map(open));
    else await mapBounded(this.slots, cmd.concurrency, open);
    if (cmd.join) {
      await mapBounded(
        this.slots.filter((s) => s.client?.socket.connected && s.room),
        100,
        async (slot) => {
          try {
            await slot.client!.request('conversation.join', { conversationId: slot.room! });
            result.joined++;
            result.joinedByRoom[slot.room!] = (result.joinedByRoom[slot.room!] ?? 0) + 1;
            result.lastJoinedAt = wallNow();
          } catch (err) {
            result.joinFailed++;
            error(err);
          }
        },
      );
    }
    result.connectHistogram = encodeHistogram(connectTimes);
    return result;
  }

  async load(cmd: LoadCommand): Promise<LoadResult> {
    const roomSlots = this.slots.filter((s) => s.room);
    const senders = roomSlots.filter((s) => s.client?.socket.connected);
    const measureStartAt = cmd.startAt + cmd.warmupMs;
    const endAt = measureStartAt + cmd.durationMs;
    const phase: Phase = {
      measureTag: `m${cmd.phaseId}`,
      measuring: false,
      deliveries: newLatencyHistogram(),
      acks: newLatencyHistogram(),
      arrivals: newLatencyHistogram(),
      lastFrameAt: 0,
      result: {
        sent: 0, acked: 0, ackErrors: 0, ackTimeouts: 0, skipped: 0, warmupErrors: 0, disconnects: 0, delivered: 0, stale: 0, reorders: 0, gaps: 0,
        ackedByRoom: {}, otherFrames: 0, otherFramesByEvent: {}, heartbeats: 0, heartbeatErrors: 0, deliveryAcksSent: 0, deliveryHistogram: '', ackHistogram: '', measureStartAt, measureEndAt: endAt, lastDeliveryAt: null, arrivalHistogram: '', errors: [],
      },
    };
    const r = phase.result;
    const disconnectsBefore = this.disconnects;
    const before = { other: this.otherFrames, byEvent: { ...this.otherByEvent }, heartbeats: this.heartbeats, heartbeatErrors: this.heartbeatErrors, deliveryAcksSent: this.deliveryAcksSent };
    this.phase = phase;
    let inFlight = 0;
    let scheduled = 0;
    let next = 0;
    const send = (slot: Slot, measuring: boolean) => {
      const sentAt = wallNow();
      const tag = measuring ? phase.measureTag : `w${cmd.phaseId}`;
      inFlight++;
      if (measuring) r.sent++;
      slot.client!.request('message.send', { conversationId: slot.room!, clientMessageId: `${tag}-${this.workerId}-${this.sendCounter++}`, body: messageBody(tag, sentAt, cmd.bodyBytes) }).then(
        () => {
          inFlight--;
          if (!measuring) return;
          r.acked++;
          r.ackedByRoom[slot.room!] = (r.ackedByRoom[slot.room!] ?? 0) + 1;
          recordMs(phase.acks, wallNow() - sentAt);
        },
        (err) => {
          inFlight--;
          if (!measuring) r.warmupErrors++;
          else {
            r.ackErrors++;
            if (!(err instanceof ChatApiError)) r.ackTimeouts++;
          }
          if (r.errors.length < MAX_ERROR_SAMPLES) r.errors.push(describe(err));
        },
      );
    };

    await sleepUntil(cmd.startAt);
    if (senders.length > 0) {
      await new Promise<void>((resolve) => {
        const tick = () => {
          const now = wallNow();
          const measuring = now >= measureStartAt;
          phase.measuring = measuring;
          const due = dueSends(Math.min(now, endAt) - cmd.startAt, cmd.ratePerSecond);
          while (scheduled < due) {
            scheduled++;
            if (inFlight >= cmd.maxInFlight) {
              if (measuring) r.skipped++;
              continue;
            }
            send(senders[next++ % senders.length], measuring);
          }
          if (now >= endAt) {
            clearInterval(timer);
            resolve();
          }
        };
        const timer = setInterval(tick, TICK_MS);
        tick();
      });
    }
    phase.measuring = false;
    // Acks first (bounded by the ack timeout), then frames until quiet.
    const drainUntil = wallNow() + cmd.drainMaxMs;
    while (inFlight > 0 && wallNow() < drainUntil) await sleep(20);
    while (wallNow() < drainUntil && wallNow() - Math.max(phase.lastFrameAt, endAt) < cmd.drainQuietMs) await sleep(20);
    this.phase = null;
    // Sockets already gone when the step began count too: after an overload that dropped them all,
    // a step would otherwise send nothing and report no error.
    r.disconnects = this.disconnects - disconnectsBefore + (roomSlots.length - senders.length);
    r.otherFrames = this.otherFrames - before.other;
    for (const [event, n] of Object.entries(this.otherByEvent)) if (n > (before.byEvent[event] ?? 0)) r.otherFramesByEvent[event] = n - (before.byEvent[event] ?? 0);
    r.heartbeats = this.heartbeats - before.heartbeats;
    r.heartbeatErrors = this.heartbeatErrors - before.heartbeatErrors;
    r.deliveryAcksSent = this.deliveryAcksSent - before.deliveryAcksSent;
    if (r.disconnects > 0) r.errors.push(...this.disconnectReasons.slice(0, 3));
    r.deliveryHistogram = encodeHistogram(phase.deliveries);
    r.ackHistogram = encodeHistogram(phase.acks);
    r.arrivalHistogram = encodeHistogram(phase.arrivals);
    return r;
  }

  /**
   * `presence.heartbeat` every `intervalMs`, first at a random point of the interval so the
   * sockets' beats spread out (what the SDK's heartbeat does, without the beat at connect).
   */
  private startHeartbeat(client: RealtimeClient, intervalMs: number): void {
    const beat = () => {
      if (!client.socket.connected) return;
      this.heartbeats++;
      client.request('presence.heartbeat', {}).catch(() => this.heartbeatErrors++);
    };
    const first = setTimeout(() => {
      beat();
      this.timers.push(setInterval(beat, intervalMs));
    }, Math.random() * intervalMs);
    this.timers.push(first);
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    for (const slot of this.slots) slot.client?.close();
    this.slots = [];
  }

  private onFrame(slot: Slot, message: Message): void {
    const at = wallNow();
    const phase = this.phase;
    if (slot.lastSeq > 0 && phase) {
      if (message.seq <= slot.lastSeq) phase.result.reorders++;
      else if (message.seq > slot.lastSeq + 1) phase.result.gaps++;
    }
    slot.lastSeq = Math.max(slot.lastSeq, message.seq);
    if (!phase) return;
    phase.lastFrameAt = at;
    const parsed = parseMessageBody(message.body);
    if (!parsed || parsed.phase !== phase.measureTag) {
      phase.result.stale++;
      return;
    }
    phase.result.delivered++;
    phase.result.lastDeliveryAt = at;
    recordMs(phase.arrivals, at - phase.result.measureStartAt);
    recordMs(phase.deliveries, at - parsed.sentAtMs);
  }
}

function describe(err: unknown): string {
  if (err instanceof ChatApiError) return `${err.status || 'ack'} ${err.code}: ${err.body.message}`;
  const e = err as Error;
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
