import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { idFloor } from '@chat/domain';
import { createContentReleaseTriggers, dropContentReleaseTriggers } from '../message-content/content-release-triggers';
import { isUniqueViolation } from '../pg-errors';
import { isMessagesPartitioned, messagesPartitions } from './messages-catalog';
import { ADDRESSED_MESSAGES_INDEX, indexDefinition } from './messages-index';
import { DAY_MS, boundTime, partitionsToAdd, type MonthPartition } from './partition-months';

/** The table `messages` was until it was partitioned: every message made before the split. */
export const UNPARTITIONED_MESSAGES = 'messages_before_partitioning';
const SPLIT_CHECK = 'messages_before_partitioning_bound';
/** Postgres' code for a lock not granted within lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Time-based partitioning of `messages` (seed 004 R12.2), for a deployment whose table has grown
 * large: `npm run messages:partition` turns the table into one partitioned by id range, and each
 * process keeps monthly partitions created ahead (MessagePartitionKeeper). Message ids are UUIDv7,
 * so an id range is a time range: a message's partition is its month, a lookup by id touches one
 * partition, and a month can later be detached, archived or dropped as a whole.
 *
 * What a partitioned table cannot have is a unique index without the partition key, so the two
 * unique rules of messages, (conversation_id, seq) and the sender's clientMessageId, become one
 * unique index per partition. Seqs stay unique because they are taken under the conversation's row
 * lock; a retried send is still answered with its first copy, whichever month that is in, because
 * the append statement looks in every partition before it inserts (MessagesRepository.append). The
 * per-partition index catches two copies of one send in flight at once, and near a month's start,
 * where the two may land on either side of its first millisecond, their shared key in
 * month_start_send_keys does (nearMonthStart).
 *
 * Unpartitioned (the default), nothing here runs: the keeper's hourly pass is one catalog lookup.
 */
export class MessagePartitions {
  private readonly logger = new Logger(MessagePartitions.name);

  constructor(private readonly dataSource: DataSource) {}

  isPartitioned(): Promise<boolean> {
    return isMessagesPartitioned(this.dataSource);
  }

  /**
   * Turns `messages` into a partitioned table: what it holds becomes the partition of every id made
   * before `splitAt`, and monthly partitions follow from there, `monthsAhead` months past `now`'s.
   * Online: the rows are checked against the split by a scan that lets sends go on (a constraint
   * validated under SHARE UPDATE EXCLUSIVE), then one short transaction swaps the tables; the two
   * moments that take the table's lock wait for it at most `lockTimeoutMs` (underLockTimeout).
   * `splitAt` must lie beyond the end of the scan: until the swap, the check refuses a message made
   * after it. Answers false when the table was already partitioned.
   */
  async partition(options: { splitAt: Date; now: Date; monthsAhead: number; lockTimeoutMs: number; attempts: number }): Promise<boolean> {
    if (await this.isPartitioned()) return false;
    const split = idFloor(options.splitAt);
    // Adding the check takes the table's lock for a moment (no scan): bounded like the swap.
    // A run stopped after this point left the check with its own split: it is made again with this one.
    await this.underLockTimeout(options, async (em) => {
      await em.query(`ALTER TABLE messages DROP CONSTRAINT IF EXISTS ${SPLIT_CHECK}`);
      await em.query(`ALTER TABLE messages ADD CONSTRAINT ${SPLIT_CHECK} CHECK (id < '${split}'::uuid) NOT VALID`);
    });
    await this.dataSource.query(`ALTER TABLE messages VALIDATE CONSTRAINT ${SPLIT_CHECK}`);
    await this.underLockTimeout(options, (em) => this.swap(em, split, options));
    this.logger.log({ event: 'messages.partitioned', splitAt: options.splitAt.toISOString() }, 'messages is now partitioned by month');
    return true;
  }

  /**
   * Runs `work` in a transaction that waits at most `lockTimeoutMs` for each lock, so that it never
   * holds sends queued behind a long reader; tried again, `attempts` times in all, while that is what fails.
   */
  private async underLockTimeout<T>(options: { lockTimeoutMs: number; attempts: number }, work: (em: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(async (em) => {
          await em.query(`SET LOCAL lock_timeout = ${Math.trunc(options.lockTimeoutMs)}`);
          return work(em);
        });
      } catch (err) {
        if (!lockNotGranted(err) || attempt >= options.attempts) throw err;
        this.logger.warn({ event: 'messages.partition.lock_wait', attempt }, 'messages was busy; trying again');
      }
    }
  }

  private async swap(em: EntityManager, split: string, options: { splitAt: Date; now: Date; monthsAhead: number }): Promise<void> {
    await em.query(`LOCK TABLE messages IN ACCESS EXCLUSIVE MODE`);
    await em.query(`ALTER TABLE messages RENAME TO ${UNPARTITIONED_MESSAGES}`);
    // The partitioned table's indexes take these names; the old table's are attached to them below.
    await em.query(`ALTER INDEX messages_own_live RENAME TO ${UNPARTITIONED_MESSAGES}_own_live`);
    await em.query(`ALTER INDEX IF EXISTS messages_body_key RENAME TO ${UNPARTITIONED_MESSAGES}_body_key`);
    await em.query(`ALTER INDEX ${ADDRESSED_MESSAGES_INDEX.name} RENAME TO ${UNPARTITIONED_MESSAGES}_addressed`);
    await em.query(`CREATE TABLE messages (LIKE ${UNPARTITIONED_MESSAGES} INCLUDING DEFAULTS) PARTITION BY RANGE (id)`);
    // The validated check proves every row fits the bound: Postgres attaches without a scan.
    await em.query(`ALTER TABLE messages ATTACH PARTITION ${UNPARTITIONED_MESSAGES} FOR VALUES FROM (MINVALUE) TO ('${split}')`);
    await em.query(`ALTER TABLE ${UNPARTITIONED_MESSAGES} DROP CONSTRAINT ${SPLIT_CHECK}`);
    // Each finds its twin on the old table and attaches it instead of building one.
    await em.query(`ALTER TABLE messages ADD CONSTRAINT messages_pkey PRIMARY KEY (id)`);
    await em.query(`CREATE INDEX messages_own_live ON messages (conversation_id, sender_id, seq) WHERE deleted_at IS NULL`);
    await em.query(`CREATE INDEX messages_body_key ON messages ((split_part(body, ':', 2))) WHERE body LIKE 'enc1:%'`);
    await em.query(`CREATE INDEX ${ADDRESSED_MESSAGES_INDEX.name} ON messages ${indexDefinition(ADDRESSED_MESSAGES_INDEX)}`);
    // The old table's own triggers would fire beside the parent's, which every partition gets.
    for (const sql of [...dropContentReleaseTriggers(UNPARTITIONED_MESSAGES), ...createContentReleaseTriggers('messages')]) await em.query(sql);
    await this.addPartitions(em, partitionsToAdd(options.splitAt, options.now, options.monthsAhead));
  }

  /**
   * Creates the monthly partitions missing from now until `monthsAhead` months ahead, after the
   * newest one; answers their names (none when the table is not partitioned).
   */
  async keepAhead(now: Date, monthsAhead: number): Promise<string[]> {
    if (!(await this.isPartitioned())) return [];
    const missing = partitionsToAdd(await this.coveredUntil(), now, monthsAhead);
    if (missing.length > 0) await this.dataSource.transaction((em) => this.addPartitions(em, missing));
    return missing.map((p) => p.name);
  }

  /**
   * Drops the partitions that ended more than a day before `now` and hold no row: months whose
   * messages retention and purge (MESSAGE_RETENTION_DAYS, MESSAGE_PURGE_AFTER_DAYS) or their senders
   * removed, so the partitions every read by seq looks into stay as few as the months kept. No send
   * makes an id that old (ids are the time they are made), and each drop checks the partition empty
   * under its lock, waiting for the table's lock at most `lockTimeoutMs` (a busy table: next time).
   * Answers the names dropped.
   */
  async dropEmptyMonths(now: Date, lockTimeoutMs: number): Promise<string[]> {
    if (!(await this.isPartitioned())) return [];
    const ended = (await this.list()).filter((p) => p.to.getTime() < now.getTime() - DAY_MS);
    const dropped: string[] = [];
    for (const { name } of ended) {
      const emptied = await this.underLockTimeout({ lockTimeoutMs, attempts: 1 }, async (em) => {
        await em.query(`LOCK TABLE messages, ${name} IN ACCESS EXCLUSIVE MODE`);
        const [{ empty }] = await em.query(`SELECT NOT EXISTS (SELECT 1 FROM ${name}) AS empty`);
        if (empty) await em.query(`DROP TABLE ${name}`);
        return empty;
      }).catch((err) => {
        if (lockNotGranted(err)) return false;
        throw err;
      });
      if (emptied) dropped.push(name);
    }
    return dropped;
  }

  /** The partitions, oldest first, with the instants their ids start and end at (null: unbounded). */
  async list(): Promise<{ name: string; from: Date | null; to: Date }[]> {
    return (await messagesPartitions(this.dataSource))
      .map(({ name, bound }) => {
        const [, from, to] = /FROM \((?:MINVALUE|'([0-9a-f-]+)')\) TO \('([0-9a-f-]+)'\)/.exec(bound) ?? [];
        if (!to) throw new Error(`messages partition ${name} has a bound this code does not know: ${bound}`);
        return { name, from: from ? boundTime(from) : null, to: boundTime(to) };
      })
      .sort((a, b) => a.to.getTime() - b.to.getTime());
  }

  private async coveredUntil(): Promise<Date> {
    const partitions = await this.list();
    return partitions[partitions.length - 1].to;
  }

  /**
   * Each partition is made as a table of its own and attached, which locks the partitioned table
   * only against other schema changes (SHARE UPDATE EXCLUSIVE), where CREATE TABLE … PARTITION OF
   * would block every send for the moment it takes. The per-partition unique indexes are made
   * before, on the empty table; the partitioned table's own indexes are added by the attach.
   */
  private async addPartitions(em: EntityManager, partitions: MonthPartition[]): Promise<void> {
    for (const { name, from, to } of partitions) {
      await em.query(`CREATE TABLE ${name} (LIKE messages INCLUDING DEFAULTS)`);
      await em.query(`CREATE UNIQUE INDEX ${name}_seq ON ${name} (conversation_id, seq)`);
      await em.query(`CREATE UNIQUE INDEX ${name}_idempotency ON ${name} (conversation_id, sender_id, client_message_id)`);
      await em.query(`ALTER TABLE messages ATTACH PARTITION ${name} FOR VALUES FROM ('${idFloor(from)}') TO ('${idFloor(to)}')`);
    }
  }
}

/** A statement failed because a lock was not granted within lock_timeout. */
function lockNotGranted(err: unknown): boolean {
  return (err as { driverError?: { code?: string } }).driverError?.code === LOCK_NOT_AVAILABLE;
}

/**
 * True when a send failed because the sender already stored this clientMessageId: the unique index
 * of the unpartitioned table, of one partition (MessagePartitions), or near a month's start the
 * key shared by all of them (month_start_send_keys).
 */
export function isMessageIdempotencyViolation(err: unknown): boolean {
  return isUniqueViolation(err, /^(messages_idempotency|messages_y\d{4}m\d{2}_idempotency|month_start_send_keys_pkey)$/);
}
