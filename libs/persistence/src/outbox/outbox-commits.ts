import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import { APP_CONFIG, fansOutInProcess, type AppConfig } from '@chat/platform';
import { WakeSignal } from './wake-signal';

/** The session setting the outbox trigger reads: `off` leaves out its NOTIFY (see the 1769 migration). */
export const OUTBOX_NOTIFY_SETTING = 'chat.outbox_notify';

/**
 * On a single node every outbox row is written by the process whose relay publishes it, so the
 * relay hears of commits in process and the database need not NOTIFY them. Otherwise the rows of
 * one process are published by relays of others (the command app's, or whichever holds the shard)
 * and only the database's NOTIFY reaches them.
 */
export function outboxCommitsHeardInProcess(config: Pick<AppConfig, 'kafka' | 'redis'>): boolean {
  return fansOutInProcess(config);
}

/** Marks a transaction's runner that appended outbox rows, so its commit is told to the relay. */
const APPENDED_OUTBOX = 'chat.appendedOutbox';

/**
 * Tells this process's relay that outbox rows were committed, on a single node where the database
 * does not NOTIFY them: writers report each statement or transaction that appended rows, and a
 * transaction is told once it commits (a wake before the commit would find nothing and leave the
 * rows to the poll). The relay sleeps on `wakeSignal`, which the NOTIFY of other processes' rows
 * wakes as well.
 */
@Injectable()
export class OutboxCommits implements EntitySubscriberInterface {
  readonly wakeSignal = new WakeSignal();
  private readonly inProcess: boolean;

  constructor(dataSource: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    this.inProcess = outboxCommitsHeardInProcess(config);
    // TypeORM builds the subscribers named in its options itself, without injection; this one joins the running data source.
    if (this.inProcess) dataSource.subscribers.push(this);
  }

  /** `em`'s work appended outbox rows: told at its commit, or now when `em` runs no transaction. */
  appended(em: EntityManager): void {
    if (!this.inProcess) return;
    const runner = em.queryRunner;
    if (runner?.isTransactionActive) runner.data[APPENDED_OUTBOX] = true;
    else this.committed();
  }

  /** A statement of this process that appended outbox rows has committed. */
  committed(): void {
    if (this.inProcess) this.wakeSignal.notify();
  }

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    if (!queryRunner.data[APPENDED_OUTBOX]) return;
    delete queryRunner.data[APPENDED_OUTBOX];
    this.committed();
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    delete queryRunner.data[APPENDED_OUTBOX];
  }
}
