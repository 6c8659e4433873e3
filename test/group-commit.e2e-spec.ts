import { accessSync, constants, FSWatcher, statSync, watch } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as sqlite3 from 'sqlite3';
import { DatabaseWriter } from '../src/database/database-writer.service';
import { Mission } from '../src/missions/entities/mission.entity';
import { createTestApp, DB_TYPE, TestApp } from './app';
import { missionBody } from './factories/mission.factory';

/**
 * Group commit on SQLite: the writes queued while a commit is on disk share the next transaction,
 * each in a savepoint of its own. PostgreSQL runs each plain write in its own transaction, so these
 * batching tests only apply to SQLite; its deferred writes share commits (postgres-group-commit spec).
 */
const describeSqlite = DB_TYPE === 'sqlite' ? describe : describe.skip;

/** The directory SQLite's unix VFS puts its temporary files in: the first usable of its list. */
function sqliteTempDir(): string {
  const candidates = [process.env.SQLITE_TMPDIR, process.env.TMPDIR, '/var/tmp', '/usr/tmp', '/tmp', '.'];
  for (const dir of candidates) {
    if (!dir) continue;
    try {
      if (!statSync(dir).isDirectory()) continue;
      accessSync(dir, constants.W_OK | constants.X_OK);
      return dir;
    } catch {
      // not there or not writable: SQLite tries the next one too
    }
  }
  throw new Error('no temporary directory for SQLite');
}

function countOnSeparateConnection(file: string, name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => {
      if (err) return reject(err);
      db.get('SELECT COUNT(*) AS n FROM missions WHERE name = ?', [name], (e, row: { n: number }) =>
        db.close(() => (e ? reject(e) : resolve(row.n))),
      );
    });
  });
}

describeSqlite('Group commit (e2e)', () => {
  let t: TestApp;
  let writer: DatabaseWriter;
  const insert = (name: string) => (em: import('typeorm').EntityManager) =>
    em.insert(Mission, { ...missionBody({ name }), status: 'planned' });

  beforeAll(async () => {
    t = await createTestApp();
    writer = t.app.get(DatabaseWriter);
  });
  afterAll(async () => {
    await t.close();
  });

  async function storedNames(prefix: string): Promise<string[]> {
    const rows: { name: string }[] = await t.dataSource.query(
      'SELECT name FROM missions WHERE name LIKE ? ORDER BY id',
      [`${prefix}%`],
    );
    return rows.map((r) => r.name);
  }

  it('shares one transaction among concurrent works (fewer BEGINs than works)', async () => {
    const runner = t.dataSource.createQueryRunner();
    const original = runner.query.bind(runner);
    let begins = 0;
    runner.query = ((sql: string, ...rest: unknown[]) => {
      if (/^BEGIN/i.test(sql)) begins++;
      return (original as (...a: unknown[]) => Promise<unknown>)(sql, ...rest);
    }) as typeof runner.query;
    try {
      await Promise.all(Array.from({ length: 100 }, (_, i) => writer.transaction(insert(`batched-${i}`))));
    } finally {
      runner.query = original;
    }
    expect(await storedNames('batched-')).toHaveLength(100);
    expect(begins).toBeGreaterThan(0);
    expect(begins).toBeLessThan(100);
  });

  it('rolls a failing work back to its own savepoint: the others in the batch keep their writes', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        writer.transaction(async (em) => {
          await insert(`isolated-${i}`)(em);
          if (i % 3 === 1) throw new Error(`deliberate ${i}`);
          // A unique violation inside the write: SQLite undoes the statement, the savepoint the rest.
          if (i % 3 === 2) await em.query('INSERT INTO missions (id, name) SELECT id, name FROM missions LIMIT 1');
          return i;
        }),
      ),
    );
    const kept = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(kept).toEqual(Array.from({ length: 20 }, (_, k) => k * 3));
    expect(await storedNames('isolated-')).toEqual(kept.map((i) => `isolated-${i}`));
  });

  it('keeps arrival order: writes run and commit in the order transaction() was called', async () => {
    const ran: number[] = [];
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        writer.transaction(async (em) => {
          ran.push(i);
          await insert(`ordered-${i}`)(em);
        }),
      ),
    );
    expect(ran).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(await storedNames('ordered-')).toEqual(ran.map((i) => `ordered-${i}`));
  });

  it('resolves only once the write is committed: another connection already sees it', async () => {
    const file = t.settings.DATABASE_PATH!;
    const seen = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        writer.transaction(insert(`durable-${i}`)).then(() => countOnSeparateConnection(file, `durable-${i}`)),
      ),
    );
    expect(seen).toEqual(Array.from({ length: 40 }, () => 1));
  });

  it('lets a write use a nested transaction of its own, and fail inside it, without breaking the batch', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        writer.transaction(async (em) => {
          await insert(`outer-${i}`)(em);
          await em
            .transaction(async (inner) => {
              await insert(`inner-${i}`)(inner);
              if (i % 2) throw new Error('inner fails');
            })
            .catch(() => undefined);
        }),
      ),
    );
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(await storedNames('outer-')).toHaveLength(10);
    expect(await storedNames('inner-')).toEqual([0, 2, 4, 6, 8].map((i) => `inner-${i}`));
    // The writer still writes after all that nesting.
    await writer.transaction(insert('after-nesting'));
    expect(await storedNames('after-nesting')).toEqual(['after-nesting']);
  });

  it('keeps a batch’s statement journal in memory: a multi-row insert creates no temporary file', async () => {
    // A scratch table whose index spreads new keys over many existing pages, so one multi-row
    // INSERT changes far more than the 64 KB SQLite keeps in memory with temp_store=FILE.
    await t.dataSource.query('CREATE TABLE "journal_probe" ("k" TEXT NOT NULL)');
    await t.dataSource.query('CREATE INDEX "IDX_journal_probe_k" ON "journal_probe" ("k")');
    await t.dataSource.query(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
       INSERT INTO "journal_probe" ("k") SELECT hex(randomblob(16)) FROM n`,
    );
    const columns = ['k'];
    const oneBatch = () =>
      Promise.all(
        Array.from({ length: 400 }, () =>
          writer.deferred((_em, writes) => {
            writes.insert('journal_probe', columns, [randomBytes(16).toString('hex')]);
            return Promise.resolve();
          }),
        ),
      );
    const tempFilesDuring = async (work: () => Promise<unknown>): Promise<number> => {
      let created = 0;
      const watcher: FSWatcher = watch(sqliteTempDir(), (event, name) => {
        if (event === 'rename' && name?.startsWith('etilqs_')) created++;
      });
      try {
        await work();
        await new Promise((resolve) => setTimeout(resolve, 200)); // let the watcher's events arrive
      } finally {
        watcher.close();
      }
      return created;
    };
    try {
      expect(await t.dataSource.query('PRAGMA temp_store')).toEqual([{ temp_store: 2 }]); // MEMORY
      expect(await tempFilesDuring(oneBatch)).toBe(0);
      // The same batch with SQLite's default does spill: the probe above can see a file.
      await t.dataSource.query('PRAGMA temp_store = DEFAULT');
      expect(await tempFilesDuring(oneBatch)).toBeGreaterThan(0);
    } finally {
      await t.dataSource.query('PRAGMA temp_store = MEMORY');
      await t.dataSource.query('DROP TABLE "journal_probe"');
    }
    expect(await t.dataSource.query('SELECT COUNT(*) AS "n" FROM "journal_probe"').catch(() => null)).toBeNull();
  });

  it('keeps prepared statements between batches, finalizes them when idle, and closes cleanly with them open', async () => {
    const statements = (writer as unknown as { sqlite: { statements: { open: unknown[] } } }).sqlite.statements;
    const read = () =>
      writer.deferred(async (_em, writes) => (await writes.read('SELECT COUNT(*) AS "n" FROM "missions"', []))[0]);
    await read();
    const kept = statements.open.length;
    expect(kept).toBeGreaterThan(0);
    await read();
    expect(statements.open.length).toBe(kept); // the second batch prepared nothing new
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(statements.open).toHaveLength(0);

    // Shutting down within the idle second: the writer finalizes them before TypeORM's module closes
    // the DataSource.
    const other = await createTestApp();
    const otherWriter = other.app.get(DatabaseWriter);
    await otherWriter.deferred(async (_em, writes) => writes.read('SELECT 1 AS "one"', []));
    expect(
      (otherWriter as unknown as { sqlite: { statements: { open: unknown[] } } }).sqlite.statements.open.length,
    ).toBeGreaterThan(0);
    await other.close();
    // TypeORM marks the DataSource closed only when SQLite closed the connection (Nest would log
    // SQLITE_BUSY and go on).
    expect(other.dataSource.isInitialized).toBe(false);
  });

  it('lets the writes queued when the app shuts down run, and closes cleanly after them', async () => {
    const other = await createTestApp();
    const otherWriter = other.app.get(DatabaseWriter);
    const written = Array.from({ length: 300 }, (_, i) =>
      i % 2
        ? otherWriter.transaction(insert(`closing-${i}`))
        : otherWriter.deferred(
            async (_em, writes) => (await writes.read('SELECT COUNT(*) AS "n" FROM "missions"', []))[0],
          ),
    );
    await other.close();
    expect((await Promise.allSettled(written)).filter((r) => r.status === 'rejected')).toEqual([]);
    expect(other.dataSource.isInitialized).toBe(false);
  });

  /** The writer's runner, which TypeORM shares with every query on SQLite, is out of any transaction. */
  const runnerIsIdle = () => !t.dataSource.createQueryRunner().isTransactionActive;

  it("fails alone a write that ends SQLite's transaction behind the writer's back, and goes on", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        writer.transaction(async (em) => {
          await insert(`stray-${i}`)(em);
          // The transaction ends under the batch's savepoint, or under one of the write's own.
          if (i === 4) await em.query('ROLLBACK');
          if (i === 9) await em.transaction(async (inner) => inner.query('ROLLBACK'));
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(
      Array.from({ length: 12 }, (_, i) => (i === 4 || i === 9 ? 'rejected' : 'fulfilled')),
    );
    // Only the culprits' rows are missing: the others' batch was rolled back whole and written again.
    const kept = Array.from({ length: 12 }, (_, i) => i).filter((i) => i !== 4 && i !== 9);
    expect((await storedNames('stray-')).sort()).toEqual(kept.map((i) => `stray-${i}`).sort());
    expect(runnerIsIdle()).toBe(true);
    await writer.transaction(async (em) => {
      await insert('after-stray')(em);
      await em.transaction(insert('after-stray-nested'));
    });
    await t.dataSource.transaction(insert('after-stray-direct'));
    expect(await storedNames('after-stray')).toEqual(['after-stray', 'after-stray-nested', 'after-stray-direct']);
    expect(await countOnSeparateConnection(t.settings.DATABASE_PATH!, 'after-stray-direct')).toBe(1);
    expect(runnerIsIdle()).toBe(true);
  });

  it('rejects the write of a batch whose BEGIN fails, and goes on', async () => {
    await t.dataSource.query('BEGIN'); // a transaction TypeORM knows nothing of
    await expect(writer.transaction(insert('begin-fails'))).rejects.toThrow(/within a transaction/);
    expect(runnerIsIdle()).toBe(true);
    await writer.transaction(insert('after-begin-fails'));
    expect(await storedNames('begin-fails')).toEqual([]);
    expect(await countOnSeparateConnection(t.settings.DATABASE_PATH!, 'after-begin-fails')).toBe(1);
  });

  it('rejects the write whose COMMIT fails (a deferred foreign key), keeps the others, and goes on', async () => {
    await t.dataSource.query(
      'CREATE TABLE "commit_probe" ("missionId" INTEGER REFERENCES "missions" ("id") DEFERRABLE INITIALLY DEFERRED)',
    );
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          writer.transaction(async (em) => {
            if (i === 3) await em.query('INSERT INTO "commit_probe" ("missionId") VALUES (?)', [2_000_000_000]);
            else await insert(`deferred-fk-${i}`)(em);
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(
        Array.from({ length: 8 }, (_, i) => (i === 3 ? 'rejected' : 'fulfilled')),
      );
      expect(String((results[3] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY constraint failed/);
      expect(await storedNames('deferred-fk-')).toHaveLength(7);
      expect(await t.dataSource.query('SELECT COUNT(*) AS "n" FROM "commit_probe"')).toEqual([{ n: 0 }]);
      expect(runnerIsIdle()).toBe(true);
      await writer.transaction(insert('after-deferred-fk'));
      expect(await storedNames('after-deferred-fk')).toEqual(['after-deferred-fk']);
    } finally {
      await t.dataSource.query('DROP TABLE "commit_probe"');
    }
  });
});
