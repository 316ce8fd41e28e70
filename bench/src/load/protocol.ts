/** IPC between the runner (LoadPool) and its load workers (load-worker.ts). One command at a time per worker. */

export interface SocketAssignment {
  /** Global socket number (0..sockets-1). */
  index: number;
  url: string;
  /** Conversation id the socket joins; null: connect only. */
  room: string | null;
}

export interface SetupCommand {
  type: 'setup';
  sockets: SocketAssignment[];
  /** Log each socket's user in (guest) and join its room over REST first (ours); else no auth. */
  accounts: boolean;
  usernamePrefix: string;
  concurrency: number;
}

export interface ConnectCommand {
  type: 'connect';
  /** Wall-clock ms (performance.timeOrigin + performance.now()) when every worker starts connecting. */
  startAt: number;
  /** Sockets connecting at once per worker; 0: all at once (a connection storm). */
  concurrency: number;
  /** Then send `conversation.join` for each socket's room. */
  join: boolean;
  ackTimeoutMs: number;
  /** Each socket sends `presence.heartbeat` this often, like a real client (the server drops a device after two missed); 0: never. */
  heartbeatMs: number;
  /** Each socket acknowledges delivery (`delivered`) at most once per conversation per this many ms; 0: never. */
  deliveryAcksMs: number;
}

export interface LoadCommand {
  type: 'load';
  startAt: number;
  warmupMs: number;
  durationMs: number;
  /** Messages/s this worker sends, round-robin over its sockets. */
  ratePerSecond: number;
  bodyBytes: number;
  /** Sends still unacked above this are skipped (and counted): the server is not keeping up. */
  maxInFlight: number;
  /** After the last send: stop waiting once no delivery came for this long, or after drainMaxMs. */
  drainQuietMs: number;
  drainMaxMs: number;
  /** Unique per load command; carried in each body so late frames of an earlier phase are not counted. */
  phaseId: string;
}

export interface CloseCommand {
  type: 'close';
}

export type WorkerCommand = SetupCommand | ConnectCommand | LoadCommand | CloseCommand;
export type Envelope<T> = T & { id: number };

export interface SetupResult {
  ok: number;
  failed: number;
  errors: string[];
  elapsedMs: number;
}

export interface ConnectResult {
  connected: number;
  failed: number;
  joined: number;
  joinFailed: number;
  /** Members that joined, per room. */
  joinedByRoom: Record<string, number>;
  errors: string[];
  /** Wall-clock ms of the first and last successful connect. */
  firstConnectedAt: number | null;
  lastConnectedAt: number | null;
  lastJoinedAt: number | null;
  /** HDR encoding of each socket's time from startAt to connected, µs. */
  connectHistogram: string;
}

export interface LoadResult {
  sent: number;
  acked: number;
  ackErrors: number;
  ackTimeouts: number;
  skipped: number;
  warmupErrors: number;
  /** Sockets lost during the step, plus those already disconnected at its start. */
  disconnects: number;
  delivered: number;
  /** Frames of another phase (warm-up, or late frames of an earlier step). */
  stale: number;
  /** message.created with a seq not above the last one this socket saw in that room. */
  reorders: number;
  /** message.created skipping seqs. */
  gaps: number;
  ackedByRoom: Record<string, number>;
  /** Frames other than message.created (presence, member.joined, …) received during the phase. */
  otherFrames: number;
  otherFramesByEvent: Record<string, number>;
  heartbeats: number;
  heartbeatErrors: number;
  /** `delivered` events the sockets' SDK sent by itself during the phase (`--delivery-acks`). */
  deliveryAcksSent: number;
  deliveryHistogram: string;
  ackHistogram: string;
  measureStartAt: number;
  measureEndAt: number;
  lastDeliveryAt: number | null;
  /** HDR encoding of each measured delivery's arrival time after measureStartAt (µs): when the deliveries came. */
  arrivalHistogram: string;
  errors: string[];
}

export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
export type WorkerMessage = WorkerReply | { type: 'ready' } | { type: 'log'; line: string };
