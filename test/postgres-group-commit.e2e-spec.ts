import { QueryFailedError } from 'typeorm';
import { DatabaseWriter } from '../src/database/database-writer.service';
import { PostgresGroupCommit } from '../src/database/postgres-group-commit';
import { namedStatementReader } from '../src/database/postgres-named-statements';
import { WriteSet } from '../src/database/write-set';
import { createTestApp, DB_TYPE, TestApp } from './app';

/**
 * PostgreSQL's side of deferred works: their rows share commits (PostgresGroupCommit) and their
 * reads are named prepared statements. SQLite batches in its serialized writer instead
 * (group-commit and deferred-writes specs).
 */
const describePostgres = DB_TYPE === 'postgres' ? describe : describe.skip;

const COLUMNS = [
  'name',
  'organization',
  'kind',
  'hostCountry',
  'electionName',
  'electionType',
  'electionDate',
  'startDate',
  'endDate',
  'timezone',
  'status',
];

function row(name: string, status = 'planned'): unknown[] {
  return [
    name,
    'OSCE/ODIHR',
    'eom',
    'AZ',
    'Early presidential election',
    'presidential',
    '2024-02-07',
    '2024-01-20',
    '2024-02-10',
    'Asia/Baku',
    status,
  ];
}

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

  function missionWrites(name: string, status?: string): WriteSet {
    const writes = WriteSet.standalone(t.dataSource.manager);
    writes.insert('missions', COLUMNS, row(name, status));
    return writes;
  }

  it('writes the rows of the works that queued during a commit in ONE shared statement', async () => {
    const commits = new PostgresGroupCommit(t.dataSource);
    const flush = jest.spyOn(WriteSet.prototype, 'flush');
    const names = Array.from({ length: 30 }, (_, i) => `shared-${String(i).padStart(2, '0')}`);
    // The first write starts a commit at once; the 29 queued behind it share the next one.
    await Promise.all(names.map((name) => commits.write(missionWrites(name))));
    expect(flush).toHaveBeenCalledTimes(2);
    // Resolved means committed: another pooled connection sees every row.
    expect(await storedNames('shared-')).toEqual(names);
  });

  it('fails only the work whose row breaks the shared statement; the others are committed', async () => {
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

  it("runs a deferred work's reads as named prepared statements on its pooled connection", async () => {
    const writer = t.app.get(DatabaseWriter);
    const seen = await writer.deferred(async (_em, writes) => {
      const [sum] = await writes.read<{ n: number }>('SELECT 41 + $1::int AS "n"', [1]);
      const prepared = await writes.read<{ statement: string }>(
        `SELECT "statement" FROM pg_prepared_statements WHERE "name" LIKE 'eom\\_%'`,
        [],
      );
      return { sum: sum.n, statements: prepared.map((p) => p.statement) };
    });
    expect(seen.sum).toBe(42);
    expect(seen.statements).toContain('SELECT 41 + $1::int AS "n"');
  });

  it('answers reads as em.query would, and read errors as QueryFailedError', async () => {
    const runner = t.dataSource.createQueryRunner();
    try {
      const read = namedStatementReader(runner);
      const sql = 'SELECT "id", "name", "electionDate" FROM "missions" WHERE "name" = $1';
      await read(
        'INSERT INTO "missions" ("name", "organization", "kind", "hostCountry", "electionName", "electionType", "electionDate", "startDate", "endDate", "timezone", "status") VALUES ($1, \'OSCE/ODIHR\', \'eom\', \'AZ\', \'E\', \'presidential\', \'2024-02-07\', \'2024-01-20\', \'2024-02-10\', \'Asia/Baku\', \'planned\')',
        ['read-shape'],
      );
      expect(await read(sql, ['read-shape'])).toEqual(await runner.query(sql, ['read-shape']));
      await expect(read('SELECT "nope" FROM "missions"', [])).rejects.toBeInstanceOf(QueryFailedError);
    } finally {
      await runner.release();
    }
  });

  it('stops naming statements past a bound, so SQL built per call cannot pile up prepared statements', async () => {
    const runner = t.dataSource.createQueryRunner();
    try {
      const read = namedStatementReader(runner);
      for (let i = 0; i < 100; i++) {
        const [r] = await read(`SELECT $1::int + ${i} AS "n"`, [1]);
        expect(Number(r.n)).toBe(i + 1);
      }
      const [count] = await runner.query(
        `SELECT COUNT(*)::int AS "n" FROM pg_prepared_statements WHERE "name" LIKE 'eom\\_%'`,
      );
      expect(count.n).toBeGreaterThan(0);
      expect(count.n).toBeLessThanOrEqual(64);
    } finally {
      await runner.release();
    }
  });
});
