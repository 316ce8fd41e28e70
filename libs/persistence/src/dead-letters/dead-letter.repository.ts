import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EventEnvelope } from '@chat/contracts';
import type { DeadLetter, DeadLetterStore } from '@chat/platform';

/**
 * Letters a replay holds until `lease` (opaque: the lease's exact time as Postgres wrote it), their
 * events in the order they occurred. Marked replayed by finishReplay once the bus has them.
 */
export interface DeadLetterReplay {
  events: EventEnvelope[];
  lease: string;
}

/** A pending dead letter as operators see it. */
export interface StoredDeadLetter extends DeadLetter {
  replayedAt: Date | null;
}

/** How long a group's "no pending letters" is trusted before the table is asked again. */
const PENDING_RECHECK_MS = 60_000;

interface Row {
  consumer_group: string;
  envelope: EventEnvelope;
  error: string;
  attempts: number;
  first_failed_at: Date;
  last_failed_at: Date;
  replayed_at: Date | null;
}

/**
 * `consumer_dead_letters`: the DeadLetterStore of every bus adapter, and what operators list and
 * replay. Only failures write here, so a healthy group never touches the table.
 */
@Injectable()
export class DeadLetterRepository implements DeadLetterStore {
  /**
   * Whether each group had pending letters when this process last looked (or set one aside). Every
   * handled batch asks, so the answer is kept: a letter another process set aside is seen within
   * PENDING_RECHECK_MS, and one resolved meanwhile costs a statement that changes nothing.
   */
  private readonly pendingByGroup = new Map<string, { pending: boolean; checkedAt: number }>();

  constructor(private readonly dataSource: DataSource) {}

  /** A letter set aside again (a replay that failed, a redelivery) adds its attempts and is pending again, its replay's lease ended. */
  async record({ group, event, error, attempts, firstFailedAt, lastFailedAt }: DeadLetter): Promise<void> {
    this.pendingByGroup.set(group, { pending: true, checkedAt: Date.now() });
    await this.dataSource.query(
      `INSERT INTO consumer_dead_letters (consumer_group, event_id, tenant_id, event_name, envelope, error, attempts, first_failed_at, last_failed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (consumer_group, event_id) DO UPDATE SET error = excluded.error, attempts = consumer_dead_letters.attempts + excluded.attempts,
         last_failed_at = excluded.last_failed_at, envelope = excluded.envelope, replayed_at = NULL, replay_lease_until = NULL`,
      [group, event.id, event.tenantId, event.name, JSON.stringify(event), error, attempts, firstFailedAt, lastFailedAt],
    );
  }

  /**
   * A pending letter of an event the group has now handled is resolved (marked replayed: nothing is
   * left to replay). By primary key, and only for a group this process knows has pending letters.
   */
  async resolveHandled(group: string, events: readonly EventEnvelope[]): Promise<void> {
    if (!(await this.mayHavePending(group))) return;
    await this.dataSource.query(
      `UPDATE consumer_dead_letters SET replayed_at = now(), replay_lease_until = NULL WHERE consumer_group = $1 AND event_id = ANY($2::uuid[]) AND replayed_at IS NULL`,
      [group, events.map((e) => e.id)],
    );
  }

  private async mayHavePending(group: string): Promise<boolean> {
    const known = this.pendingByGroup.get(group);
    if (known && Date.now() - known.checkedAt < PENDING_RECHECK_MS) return known.pending;
    const pending = (await this.pendingCount(group)) > 0;
    this.pendingByGroup.set(group, { pending, checkedAt: Date.now() });
    return pending;
  }

  /** Pending letters (of one group, or all), most recently failed first; one more than `limit` tells whether there are more. */
  async pending(group: string | null, limit: number): Promise<StoredDeadLetter[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT consumer_group, envelope, error, attempts, first_failed_at, last_failed_at, replayed_at FROM consumer_dead_letters
        WHERE replayed_at IS NULL AND ($1::text IS NULL OR consumer_group = $1) ORDER BY last_failed_at DESC, event_id LIMIT $2`,
      [group, limit],
    );
    return rows.map(toLetter);
  }

  /**
   * Leases a group's pending letters (one, or up to `limit`) for `leaseMs` and answers their events.
   * Two operators replaying at once never take the same letter; a letter whose replay died before
   * finishReplay (a crash between the take and the bus) can be taken again once its lease runs out.
   */
  async takeForReplay(group: string, eventId: string | null, limit: number, leaseMs: number): Promise<DeadLetterReplay> {
    const rows: { envelope: EventEnvelope; lease: string }[] = await this.dataSource.query(
      `WITH taken AS (UPDATE consumer_dead_letters SET replay_lease_until = now() + make_interval(secs => $4::double precision / 1000) WHERE (consumer_group, event_id) IN (
         SELECT consumer_group, event_id FROM consumer_dead_letters
          WHERE consumer_group = $1 AND replayed_at IS NULL AND (replay_lease_until IS NULL OR replay_lease_until < now())
            AND ($2::uuid IS NULL OR event_id = $2) ORDER BY first_failed_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING envelope, replay_lease_until::text AS lease)
       SELECT envelope, lease FROM taken`,
      [group, eventId, limit, leaseMs],
    );
    return { events: rows.map((r) => r.envelope).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt)), lease: rows[0]?.lease ?? '' };
  }

  /** The bus has a replay's events: its letters are replayed, unless one failed again meanwhile (record ended its lease) or its lease ran out and another replay took it. */
  async finishReplay(group: string, replay: DeadLetterReplay): Promise<void> {
    await this.dataSource.query(
      `UPDATE consumer_dead_letters SET replayed_at = now(), replay_lease_until = NULL WHERE consumer_group = $1 AND event_id = ANY($2::uuid[]) AND replay_lease_until = $3::timestamptz`,
      [group, replay.events.map((e) => e.id), replay.lease],
    );
  }

  async pendingCount(group: string): Promise<number> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM consumer_dead_letters WHERE consumer_group = $1 AND replayed_at IS NULL`, [group]);
    return count;
  }

  /** Deletes letters replayed more than `days` ago (pending ones stay until replayed); answers how many. */
  async pruneReplayed(days: number): Promise<number> {
    const [, deleted] = await this.dataSource.query(`DELETE FROM consumer_dead_letters WHERE replayed_at < now() - make_interval(days => $1)`, [days]);
    return deleted;
  }

  /** Letters whose replay could not be handed to the bus are pending again at once. */
  async releaseReplay(group: string, replay: DeadLetterReplay): Promise<void> {
    await this.dataSource.query(
      `UPDATE consumer_dead_letters SET replay_lease_until = NULL WHERE consumer_group = $1 AND event_id = ANY($2::uuid[]) AND replay_lease_until = $3::timestamptz`,
      [group, replay.events.map((e) => e.id), replay.lease],
    );
  }
}

function toLetter(row: Row): StoredDeadLetter {
  return {
    group: row.consumer_group,
    event: row.envelope,
    error: row.error,
    attempts: row.attempts,
    firstFailedAt: row.first_failed_at,
    lastFailedAt: row.last_failed_at,
    replayedAt: row.replayed_at,
  };
}
