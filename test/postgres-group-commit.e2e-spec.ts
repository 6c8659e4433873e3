import { QueryFailedError, QueryRunner } from 'typeorm';
import { PostgresGroupCommit } from '../src/database/postgres/group-commit';
import { WriteSet } from '../src/database/write-set';
import { createTestApp, DB_TYPE, TestApp } from './app';
import { MISSION_ROW_COLUMNS, missionRowValues } from './factories/mission.factory';

/**
 * PostgreSQL's side of deferred writes: their rows share commits (PostgresGroupCommit). SQLite
 * batches in its serialized writer instead (group-commit and deferred-writes specs).
 */
const describePostgres = DB_TYPE === 'postgres' ? describe : describe.skip;

describePostgres('PostgreSQL group commit (e2e)', () => {
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
