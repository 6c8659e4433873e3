import { DatabaseWriter } from '../src/database/database-writer.service';
import { WriteSet } from '../src/database/write-set';
import { createTestApp, DB_TYPE, TestApp } from './app';
import { MISSION_ROW_COLUMNS, missionRowValues } from './factories/mission.factory';

/**
 * Deferred writes (DatabaseWriter.deferred): they read, record their writes in a WriteSet, and the
 * writer runs those writes; on SQLite for a whole batch at once. Rows go into the missions table,
 * with ids from the WriteSet, as the event create path does for its events.
 */
const itSqlite = DB_TYPE === 'sqlite' ? it : it.skip;

const MISSION_COLUMNS = ['id', ...MISSION_ROW_COLUMNS];

function missionRow(id: number, name: string): unknown[] {
  return [id, ...missionRowValues(name)];
}

describe('Deferred writes (e2e)', () => {
  let t: TestApp;
  let writer: DatabaseWriter;

  beforeAll(async () => {
    t = await createTestApp();
    writer = t.app.get(DatabaseWriter);
  });
  afterAll(async () => {
    await t.close();
  });

  async function stored(prefix: string): Promise<{ id: number; name: string }[]> {
    const p = DB_TYPE === 'postgres' ? '$1' : '?';
    const rows: { id: number | string; name: string }[] = await t.dataSource.query(
      `SELECT "id", "name" FROM "missions" WHERE "name" LIKE ${p} ORDER BY "id"`,
      [`${prefix}%`],
    );
    return rows.map((r) => ({ id: Number(r.id), name: r.name }));
  }

  const addMission = (name: string, fail = false) =>
    writer.deferred(async (_em, writes: WriteSet) => {
      const id = await writes.nextId('missions');
      writes.insert('missions', MISSION_COLUMNS, missionRow(id, name));
      if (fail) throw new Error(`deliberate: ${name}`);
      return id;
    });

  it('stores the rows of concurrent works with the ids it handed out, all distinct', async () => {
    const ids = await Promise.all(Array.from({ length: 80 }, (_, i) => addMission(`ids-${i}`)));
    expect(new Set(ids).size).toBe(80);
    const rows = await stored('ids-');
    expect(rows).toHaveLength(80);
    for (const [i, id] of ids.entries()) expect(rows.find((r) => r.name === `ids-${i}`)?.id).toBe(id);
  });

  it('writes nothing of a write that throws after recording writes; the others keep theirs', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => addMission(`throws-${i}`, i % 3 === 1)),
    );
    const kept = results.flatMap((r, i) => (r.status === 'fulfilled' ? [`throws-${i}`] : []));
    expect(kept).toHaveLength(20);
    expect((await stored('throws-')).map((r) => r.name).sort()).toEqual(kept.sort());
  });

  it('re-runs a batch whose writes fail one write at a time: only the write with the bad row fails', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        writer.deferred(async (_em, writes) => {
          const id = await writes.nextId('missions');
          writes.insert('missions', MISSION_COLUMNS, missionRow(id, `culprit-${i}`));
          // Only the INSERT can tell: a status outside the column's allowed values.
          if (i === 7) {
            const bad = missionRow(id + 100000, 'bad-status');
            bad[MISSION_COLUMNS.indexOf('status')] = 'bogus';
            writes.insert('missions', MISSION_COLUMNS, bad);
          }
          return i;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i === 7 ? 'rejected' : 'fulfilled')),
    );
    expect((await stored('culprit-')).map((r) => r.name).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `culprit-${i}`)
        .filter((n) => n !== 'culprit-7')
        .sort(),
    );
    // The writer goes on.
    await addMission('after-culprit');
    expect(await stored('after-culprit')).toHaveLength(1);
  });

  it('runs changes to existing rows in the same transaction as the inserts', async () => {
    const id = await addMission('to-rename');
    await writer.deferred(async (_em, writes) => {
      writes.change('UPDATE "missions" SET "name" = $1 WHERE "id" = $2', ['renamed', id]);
      const next = await writes.nextId('missions');
      writes.insert('missions', MISSION_COLUMNS, missionRow(next, 'renamed-sibling'));
    });
    expect((await stored('renamed')).map((r) => r.name)).toEqual(['renamed', 'renamed-sibling']);
    expect(await stored('to-rename')).toEqual([]);
  });

  it('undoes the changes of a write whose inserts then fail (changes and rows are one transaction)', async () => {
    const id = await addMission('keep-name');
    await expect(
      writer.deferred(async (_em, writes) => {
        writes.change('UPDATE "missions" SET "name" = $1 WHERE "id" = $2', ['lost-name', id]);
        const bad = missionRow(await writes.nextId('missions'), 'bad-after-change');
        bad[MISSION_COLUMNS.indexOf('status')] = 'bogus';
        writes.insert('missions', MISSION_COLUMNS, bad);
      }),
    ).rejects.toThrow();
    expect((await stored('keep-name')).map((r) => r.name)).toEqual(['keep-name']);
    expect(await stored('lost-name')).toEqual([]);
  });

  itSqlite('gives a plain write queued behind deferred writes their rows to read', async () => {
    const deferred = Array.from({ length: 10 }, (_, i) => addMission(`before-plain-${i}`));
    const seen = writer.transaction(async (em) => {
      const [row] = await em.query(`SELECT COUNT(*) AS n FROM missions WHERE name LIKE 'before-plain-%'`);
      return Number(row.n);
    });
    await Promise.all(deferred);
    expect(await seen).toBe(10);
    // Ids are counted afresh after a plain write: a deferred write after it still gets a free one.
    const plainId = await writer.transaction(async (em) => {
      const r = await em.query(
        `INSERT INTO missions (${MISSION_COLUMNS.slice(1)
          .map((c) => `"${c}"`)
          .join(', ')})
        VALUES (${MISSION_COLUMNS.slice(1)
          .map(() => '?')
          .join(', ')})`,
        missionRow(0, 'plain-insert').slice(1),
      );
      return Number(r);
    });
    const afterId = await addMission('deferred-after-plain');
    expect(afterId).toBeGreaterThan(plainId);
  });

  itSqlite(
    'inserts values through JSON as the driver would bind them: text, numbers, nulls, dates, booleans',
    async () => {
      await writer.deferred(async (em, writes) => {
        await em.query(
          `CREATE TABLE IF NOT EXISTS "json_probe" ("t" text, "i" integer, "r" real, "n" text, "d" datetime, "b" boolean)`,
        );
        writes.insert(
          'json_probe',
          ['t', 'i', 'r', 'n', 'd', 'b'],
          ['quote " and \\ and ünïcödé ✓', 42, 2.5, null, new Date('2024-02-07T10:00:00.123Z'), true],
        );
      });
      const [row] = await t.dataSource.query(
        'SELECT t, typeof(i) AS ti, i, r, n, d, b, typeof(b) AS tb FROM json_probe',
      );
      expect(row).toEqual({
        t: 'quote " and \\ and ünïcödé ✓',
        ti: 'integer',
        i: 42,
        r: 2.5,
        n: null,
        d: '2024-02-07 10:00:00.123',
        b: 1,
        tb: 'integer',
      });
    },
  );
});
