import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@chat/platform';
import { UsageError, integerOption, runOperatorCommand, withOperatorDatabase } from '../operator-command';
import { MessagePartitions } from './message-partitions';
import { DAY_MS, addMonths } from './partition-months';

/**
 * `npm run messages:partition [-- --split-at <ISO time> --lock-timeout-ms N --attempts N]`: turns
 * `messages` into a table partitioned by month (MessagePartitions), with the same environment as
 * the apps, beside them. Messages made before the split stay where they are, as one partition;
 * the split defaults to the start of next month (of the month after, when that is under a day
 * away), which leaves the online check of the existing rows that long to finish. Running it on a
 * partitioned table changes nothing.
 */
async function main(): Promise<number> {
  const logger = new Logger('messages:partition');
  const { values } = parseArgs({ options: { 'split-at': { type: 'string' }, 'lock-timeout-ms': { type: 'string', default: '2000' }, attempts: { type: 'string', default: '30' } } });
  const now = new Date();
  const splitAt = values['split-at'] === undefined ? defaultSplit(now) : new Date(values['split-at']);
  if (Number.isNaN(splitAt.getTime()) || splitAt <= now) throw new UsageError(`--split-at must be a time in the future, like 2027-01-01T00:00:00Z (got "${values['split-at']}")`);
  const lockTimeoutMs = integerOption(values['lock-timeout-ms'], '--lock-timeout-ms', 10, 60_000);
  const attempts = integerOption(values.attempts, '--attempts', 1, 1_000);
  const config = loadConfig(process.env);

  return withOperatorDatabase(config, logger, 'chat-messages-partition', async (dataSource) => {
    const [{ exists }] = await dataSource.query(`SELECT to_regclass('messages') IS NOT NULL AS exists`);
    if (!exists) throw new UsageError('there is no messages table here yet: start the platform once, so that it creates its schema');
    const partitions = new MessagePartitions(dataSource);
    const partitioned = await partitions.partition({ splitAt, now, monthsAhead: config.database.messagePartitionsAhead, lockTimeoutMs, attempts });
    const list = await partitions.list();
    process.stdout.write(`${JSON.stringify({ event: 'messages.partition.done', partitioned, partitions: list.map((p) => p.name) })}\n`);
    return 0;
  });
}

function defaultSplit(now: Date): Date {
  const next = addMonths(now, 1);
  return next.getTime() - now.getTime() >= DAY_MS ? next : addMonths(now, 2);
}

runOperatorCommand(main);
