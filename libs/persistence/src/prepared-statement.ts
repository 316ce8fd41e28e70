import type { PoolClient, Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * A statement of a hot path, run as a named prepared statement straight on the pg connection:
 * Postgres parses it once per connection and, after a few runs, reuses a generic plan instead of
 * planning every call, and TypeORM's per-query machinery is skipped. On an EntityManager it runs
 * on that manager's connection, inside its transaction. The name must be unique per text.
 */
export class PreparedStatement<Row> {
  constructor(
    readonly name: string,
    readonly text: string,
  ) {}

  async run(on: DataSource | EntityManager, values: readonly unknown[]): Promise<Row[]> {
    const connection = await connectionOf(on);
    const result = await connection.query({ name: this.name, text: this.text, values: values as unknown[] });
    return result.rows as Row[];
  }
}

async function connectionOf(on: DataSource | EntityManager): Promise<Pool | PoolClient> {
  if ('queryRunner' in on && on.queryRunner) return (await on.queryRunner.connect()) as PoolClient;
  const dataSource = 'driver' in on ? on : on.connection;
  return (dataSource.driver as PostgresDriver).master as Pool;
}
