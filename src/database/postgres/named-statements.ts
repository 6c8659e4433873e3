import { createHash } from 'node:crypto';
import { DataSource, QueryFailedError, QueryRunner } from 'typeorm';
import type { Reader } from '../write-set';

/**
 * The part of node-postgres' client used here: a query config with a name, or without one; or
 * plain text (the simple protocol, which takes several statements and returns a result for each).
 */
export interface PgClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
  query(text: string): Promise<unknown>;
}

/** node-postgres' client behind `runner`, which TypeORM's PostgreSQL runner returns from connect(). */
async function clientOf(runner: QueryRunner): Promise<PgClient> {
  return (await runner.connect()) as PgClient;
}

/**
 * Runs `use` on a pooled connection held for it alone, through a query runner of its own (TypeORM's
 * public way to hold one: `connect()` returns node-postgres' client). A connection that broke is not
 * reused: TypeORM hands the client's error to the pool, and the pool drops a client it can no longer
 * query. One where only the statement failed goes back to the pool with its named statements.
 */
export async function onPooledConnection<T>(dataSource: DataSource, use: (client: PgClient) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    return await use(await clientOf(runner));
  } finally {
    await runner.release();
  }
}

/**
 * Distinct SQL texts given names. The reads of deferred writes are a handful of texts; past this
 * many, something builds SQL per call, and such statements run unnamed rather than leave a
 * prepared statement per text on every pooled connection.
 */
const MAX_NAMED = 64;
const names = new Map<string, string>();

function nameFor(sql: string): string | null {
  let name = names.get(sql);
  if (name === undefined) {
    if (names.size >= MAX_NAMED) return null;
    name = `eom_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    names.set(sql, name);
  }
  return name;
}

/**
 * Runs `sql` on `client` as a named statement (unnamed past MAX_NAMED texts). Errors are TypeORM's
 * QueryFailedError, as `em.query` throws them, with node-postgres' error as its driverError.
 */
async function queryNamed(client: PgClient, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  const name = nameFor(sql);
  try {
    return (await client.query(name ? { name, text: sql, values: params } : { text: sql, values: params })).rows;
  } catch (error) {
    throw new QueryFailedError(sql, params, error as Error);
  }
}

/**
 * PostgreSQL: the reads of deferred writes as named prepared statements, each on a pooled
 * connection held for that one query. node-postgres parses a named statement once per connection
 * and then only binds and executes it, so PostgreSQL skips parsing and planning, most of what a
 * short read costs it (docs/write-path.md), and TypeORM's per-query
 * bookkeeping is skipped too. Holding a connection per query rather than for the whole write keeps
 * the pool free while the write runs its JavaScript between reads: at 50 concurrent visits a write
 * that held one throughout kept the others, and the shared commit, waiting for the pool.
 * Errors are TypeORM's QueryFailedError, as `em.query` throws them.
 */
export function namedStatementReader(dataSource: DataSource): Reader {
  return (sql, params) => onPooledConnection(dataSource, (client) => queryNamed(client, sql, params));
}
