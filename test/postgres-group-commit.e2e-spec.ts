import { Client } from 'pg';
import { DataSource, QueryFailedError, QueryRunner } from 'typeorm';
import { DatabaseWriter } from '../src/database/database-writer.service';
import { PostgresGroupCommit } from '../src/database/postgres/group-commit';
import { namedStatementReader } from '../src/database/postgres/named-statements';
import { WriteSet } from '../src/database/write-set';
import { createTestApp, DB_TYPE, TestApp } from './app';
import { MISSION_ROW_COLUMNS, missionRowValues } from './factories/mission.factory';

/**
 * PostgreSQL's side of deferred writes: their rows share commits (PostgresGroupCommit) and their
 * reads are named prepared statements. SQLite batches in its serialized writer instead (group-commit
 * and deferred-writes specs).
 */
const describePostgres = DB_TYPE === 'postgres' ? describe : describe.skip;

describePostgres('PostgreSQL group commit and named reads (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => jest.restoreAllMocks());

  async function storedNames(prefix: string): Promise<string[]> {
    const rows: { name: string }[] = await t.dataSource.query(
      'SELECT "name" FROM "missions" WHERE "name" LIKE $1 ORDER BY "name"',
      [`${prefix}%`],
    );
    return rows.map((r) => r.name);
  }

  /** Mission rows take their ids from the table's default. */
  const noIds = () => Promise.reject(new Error('no explicit ids here'));

  function missionWrites(name: string, status?: string): WriteSet {
    const writes = new WriteSet(t.dataSource.manager, noIds);
    writes.insert('missions', MISSION_ROW_COLUMNS, missionRowValues(name, status));
    return writes;
  }

  it('writes the rows of the writes that queued during a commit in ONE shared statement', async () => {
    const commits = new PostgresGroupCommit(t.dataSource);
    const flush = jest.spyOn(WriteSet.prototype, 'flush');
    const names = Array.from({ length: 30 }, (_, i) => `shared-${String(i).padStart(2, '0')}`);
    // The first write starts a commit at once; the 29 queued behind it share the next one.
    await Promise.all(names.map((name) => commits.write(missionWrites(name))));
    expect(flush).toHaveBeenCalledTimes(2);
    // Resolved means committed: another pooled connection sees every row.
    expect(await storedNames('shared-')).toEqual(names);
  });

  it('fails only the write whose row breaks the shared statement; the others are committed', async () => {
    const commits = new PostgresGroupCommit(t.dataSource);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => commits.write(missionWrites(`culprit-${i}`, i === 5 ? 'bogus' : undefined))),
    );
    expect(results.map((r) => r.status)).toEqual(
      Array.from({ length: 10 }, (_, i) => (i === 5 ? 'rejected' : 'fulfilled')),
    );
    const failure = results[5] as PromiseRejectedResult;
    expect(failure.reason).toBeInstanceOf(QueryFailedError);
    expect(String(failure.reason.message)).toMatch(/enum/);
    expect(await storedNames('culprit-')).toEqual(
      Array.from({ length: 10 }, (_, i) => `culprit-${i}`).filter((n) => n !== 'culprit-5'),
    );
    // The queue goes on after a failed batch.
    await commits.write(missionWrites('after-culprit'));
    expect(await storedNames('after-culprit')).toEqual(['after-culprit']);
  });

  it('does not write them again when the shared commit failed without PostgreSQL saying so', async () => {
    const commits = new PostgresGroupCommit(t.dataSource);
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with .call(this)
    const realFlush = WriteSet.prototype.flush;
    let calls = 0;
    // The second flush (the 29 writes queued behind the first) loses its connection: whether it
    // committed is unknown, so writing each work again could store it twice.
    jest.spyOn(WriteSet.prototype, 'flush').mockImplementation(async function (this: WriteSet) {
      calls++;
      if (calls === 2) throw new QueryFailedError('INSERT ...', [], new Error('Connection terminated unexpectedly'));
      return realFlush.call(this);
    });
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => commits.write(missionWrites(`unknown-${String(i).padStart(2, '0')}`))),
    );
    expect(calls).toBe(2);
    expect(results[0].status).toBe('fulfilled');
    expect(results.slice(1).every((r) => r.status === 'rejected')).toBe(true);
    expect(String((results[1] as PromiseRejectedResult).reason.message)).toMatch(/Connection terminated/);
    expect(await storedNames('unknown-')).toEqual(['unknown-00']);
  });

  /** Runs `use` with a second DataSource on the same database with `max` pooled connections, whose state we can read. */
  async function withConnections(max: number, use: (ds: DataSource) => Promise<void>): Promise<void> {
    const ds = await new DataSource({ ...t.dataSource.options, extra: { max } }).initialize();
    try {
      await use(ds);
    } finally {
      await ds.destroy();
    }
  }
  const withSingleConnection = (use: (ds: DataSource) => Promise<void>) => withConnections(1, use);
  it("runs a deferred write's reads as named prepared statements on the pooled connections", async () => {
    // Through the writer: the reads reach node-postgres as named statements (em.query sends SQL text).
    const query = jest.spyOn(Client.prototype, 'query');
    const sum = await t.app
      .get(DatabaseWriter)
      .deferred(async (_em, writes) => (await writes.read<{ n: number }>('SELECT 40 + $1::int AS "n"', [2]))[0].n);
    expect(sum).toBe(42);
    expect(query.mock.calls.map((call) => call[0])).toContainEqual(
      expect.objectContaining({ name: expect.stringMatching(/^eom_/), text: 'SELECT 40 + $1::int AS "n"' }),
    );
    query.mockRestore();

    await withSingleConnection(async (ds) => {
      const read = namedStatementReader(ds);
      for (const n of [1, 2, 3]) expect(await read('SELECT 41 + $1::int AS "n"', [n])).toEqual([{ n: 41 + n }]);
      const prepared: { statement: string }[] = await ds.query(
        `SELECT "statement" FROM pg_prepared_statements WHERE "name" LIKE 'eom\\_%'`,
      );
      expect(prepared.map((p) => p.statement)).toEqual(['SELECT 41 + $1::int AS "n"']);
    });
  });

  it('prepares a named statement on each pooled connection that runs it, and runs it there only', async () => {
    await withConnections(2, async (ds) => {
      const read = namedStatementReader(ds);
      const sql = 'SELECT 43 + $1::int AS "n"';
      // Two reads at once hold both connections, in every round.
      for (let round = 0; round < 3; round++) {
        expect(await Promise.all([read(sql, [round]), read(sql, [10 + round])])).toEqual([
          [{ n: 43 + round }],
          [{ n: 53 + round }],
        ]);
      }
      const runners = [ds.createQueryRunner(), ds.createQueryRunner()];
      try {
        await Promise.all(runners.map((runner) => runner.connect()));
        const perConnection = await Promise.all(
          runners.map((runner) =>
            runner.query(
              `SELECT "statement", ("generic_plans" + "custom_plans")::int AS "runs" FROM pg_prepared_statements
               WHERE "name" LIKE 'eom\\_%'`,
            ),
          ),
        );
        // Parsed once on each, and each ran the reads it was given: three apiece.
        expect(perConnection).toEqual([[{ statement: sql, runs: 3 }], [{ statement: sql, runs: 3 }]]);
      } finally {
        await Promise.all(runners.map((runner) => runner.release()));
      }
    });
  });

  it('answers reads as em.query would, and read errors as QueryFailedError; the pool goes on', async () => {
    await withSingleConnection(async (ds) => {
      const read = namedStatementReader(ds);
      const sql = 'SELECT "id", "name", "electionDate" FROM "missions" WHERE "name" = $1';
      await read(
        'INSERT INTO "missions" ("name", "organization", "kind", "hostCountry", "electionName", "electionType", "electionDate", "startDate", "endDate", "timezone", "status") VALUES ($1, \'OSCE/ODIHR\', \'eom\', \'AZ\', \'E\', \'presidential\', \'2024-02-07\', \'2024-01-20\', \'2024-02-10\', \'Asia/Baku\', \'planned\')',
        ['read-shape'],
      );
      expect(await read(sql, ['read-shape'])).toEqual(await ds.query(sql, ['read-shape']));
      await expect(read('SELECT "nope" FROM "missions"', [])).rejects.toBeInstanceOf(QueryFailedError);
      // The one connection was handed back after the error (or replaced): reads go on.
      expect(await read(sql, ['read-shape'])).toHaveLength(1);
    });
  });

  it('stops naming statements past a bound, so SQL built per call cannot pile up prepared statements', async () => {
    await withSingleConnection(async (ds) => {
      const read = namedStatementReader(ds);
      for (let i = 0; i < 100; i++) {
        const [r] = await read(`SELECT $1::int + ${i} AS "n"`, [1]);
        expect(Number(r.n)).toBe(i + 1);
      }
      const [count] = await ds.query(
        `SELECT COUNT(*)::int AS "n" FROM pg_prepared_statements WHERE "name" LIKE 'eom\\_%'`,
      );
      expect(count.n).toBeGreaterThan(0);
      expect(count.n).toBeLessThanOrEqual(64);
    });
  });

  it('commits through one connection it keeps, and takes a new one when that one was closed', async () => {
    const commits = new PostgresGroupCommit(t.dataSource);
    const pid = async () => {
      const writes = new WriteSet(t.dataSource.manager, noIds);
      writes.insert('missions', MISSION_ROW_COLUMNS, missionRowValues(`pid-${Math.random()}`));
      await commits.write(writes);
      const held = (commits as unknown as { held: QueryRunner }).held;
      const [r] = await held.query('SELECT pg_backend_pid() AS "pid"');
      return { pid: Number(r.pid), held };
    };
    const first = await pid();
    expect((await pid()).pid).toBe(first.pid);
    // The server ends that connection (a restart, an administrator): the next commit reconnects.
    await t.dataSource.query('SELECT pg_terminate_backend($1)', [first.pid]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    let next: { pid: number } | null = null;
    for (let i = 0; i < 3 && !next; i++) next = await pid().catch(() => null);
    expect(next?.pid).toBeDefined();
    expect(next!.pid).not.toBe(first.pid);
  });
});
