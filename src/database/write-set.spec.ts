import { EntityManager } from 'typeorm';
import { PostgresIdBlocks } from './postgres/id-blocks';
import { IdAllocator, numbered, WriteSet } from './write-set';

/** An allocator that gives every new row id 1. */
const oneId: IdAllocator = () => Promise.resolve(1);

/** Column types the fake catalog knows; a table named "untyped" has none. */
const CATALOG: Record<string, string> = {
  id: 'integer',
  title: 'text',
  eventId: 'integer',
  code: 'text',
  what: 'text',
  x: 'integer',
  y: 'integer',
  data: 'bytea',
};

/**
 * A PostgreSQL-like manager that records its statements and answers `answer(sql, params)`. Reads
 * of the catalog's column types are answered from CATALOG and counted apart from `statements`.
 */
function fakePostgres(answer: (sql: string, params: unknown[]) => unknown = () => []) {
  const statements: { sql: string; params: unknown[] }[] = [];
  const catalogReads: string[] = [];
  const em = {
    connection: { options: { type: 'postgres' } },
    query: jest.fn((sql: string, params: unknown[] = []) => {
      if (/pg_attribute/.test(sql)) {
        catalogReads.push(String(params[0]));
        const types = params[0] === '"untyped"' ? [] : Object.entries(CATALOG).map(([name, type]) => ({ name, type }));
        return Promise.resolve(types);
      }
      statements.push({ sql, params });
      return Promise.resolve(answer(sql, params));
    }),
  } as unknown as EntityManager;
  return { em, statements, catalogReads };
}

function sequence(start: number) {
  let next = start;
  return (sql: string, params: unknown[]) =>
    /nextval/.test(sql) ? Array.from({ length: Number(params[1] ?? 1) }, () => ({ id: String(next++) })) : [];
}

describe('numbered', () => {
  it('keeps $n for PostgreSQL and turns it into ?n for SQLite, same numbers', () => {
    expect(numbered('a = $1 AND b = $12', true)).toBe('a = $1 AND b = $12');
    expect(numbered('a = $1 AND b = $12', false)).toBe('a = ?1 AND b = ?12');
  });
});

describe('WriteSet on PostgreSQL', () => {
  it("tells whether its flush is one statement: no changes, rows within one statement's parameters", () => {
    const { em } = fakePostgres();
    const writes = new WriteSet(em, oneId);
    writes.insert('events', ['id', 'title'], [1, 'a']);
    writes.insert('answers', ['eventId', 'code'], [1, 'q1']);
    expect(writes.flushesInOneStatement).toBe(true);
    writes.change('DELETE FROM "keys" WHERE "k" = $1', ['old']);
    expect(writes.flushesInOneStatement).toBe(false);

    const big = new WriteSet(em, oneId);
    for (let i = 0; i < 15_001; i++) big.insert('answers', ['eventId', 'code'], [1, `q${i}`]);
    expect(big.flushesInOneStatement).toBe(false); // 30,002 parameters: more than one statement

    const sqlite = new WriteSet({ connection: { options: { type: 'sqlite' } } } as unknown as EntityManager, oneId);
    sqlite.insert('events', ['id', 'title'], [1, 'a']);
    expect(sqlite.flushesInOneStatement).toBe(false); // SQLite: one INSERT per table, in the batch's transaction
  });

  it('writes every table in one statement, the first tables as WITH clauses, changes before', async () => {
    const { em, statements, catalogReads } = fakePostgres();
    const writes = new WriteSet(em, oneId);
    writes.insert('events', ['id', 'title'], [1, 'a']);
    writes.insert('answers', ['eventId', 'code'], [1, 'q1']);
    writes.insert('answers', ['eventId', 'code'], [1, 'q2']);
    writes.insert('events', ['id', 'title'], [2, 'b']);
    writes.change('DELETE FROM "keys" WHERE "k" = $1', ['old']);
    await writes.flush();
    expect(statements).toEqual([
      { sql: 'DELETE FROM "keys" WHERE "k" = $1', params: ['old'] },
      {
        sql:
          'WITH "w0" AS (INSERT INTO "events" ("id", "title") SELECT * FROM unnest($1::integer[], $2::text[])) ' +
          'INSERT INTO "answers" ("eventId", "code") SELECT * FROM unnest($3::integer[], $4::text[])',
        params: [
          [1, 2],
          ['a', 'b'],
          [1, 1],
          ['q1', 'q2'],
        ],
      },
    ]);
    expect(writes.isEmpty).toBe(true);
    // The column types are read once per table and kept.
    writes.insert('events', ['id', 'title'], [3, 'c']);
    await writes.flush();
    expect(catalogReads).toEqual(['"events"', '"answers"']);
  });

  it('sends values unnest() cannot carry (a buffer), or columns of unknown type, as a VALUES list', async () => {
    const { em, statements } = fakePostgres();
    const writes = new WriteSet(em, oneId);
    writes.insert('files', ['id', 'data'], [1, Buffer.from('x')]);
    writes.insert('untyped', ['id'], [7]);
    await writes.flush();
    expect(statements[0].sql).toBe(
      'WITH "w0" AS (INSERT INTO "files" ("id", "data") VALUES ($1, $2)) INSERT INTO "untyped" ("id") VALUES ($3)',
    );
    expect(statements[0].params).toEqual([1, Buffer.from('x'), 7]);
  });

  it('copies a write’s rows into the batch keeping the order in which tables were first written', async () => {
    const { em, statements } = fakePostgres();
    const batch = new WriteSet(em, oneId);
    const first = new WriteSet(em, oneId);
    first.insert('events', ['id'], [1]);
    first.insert('audit', ['what'], ['e1']);
    const second = new WriteSet(em, oneId);
    second.insert('audit', ['what'], ['e2']);
    second.insert('events', ['id'], [2]);
    first.copyInto(batch);
    second.copyInto(batch);
    await batch.flush();
    expect(statements[0].sql).toBe(
      'WITH "w0" AS (INSERT INTO "events" ("id") SELECT * FROM unnest($1::integer[])) ' +
        'INSERT INTO "audit" ("what") SELECT * FROM unnest($2::text[])',
    );
    expect(statements[0].params).toEqual([
      [1, 2],
      ['e1', 'e2'],
    ]);
  });

  it('keeps rows of one table with other columns in a statement of their own; copyInto leaves the source as it was', async () => {
    const { em, statements } = fakePostgres();
    const source = new WriteSet(em, oneId);
    const columns = ['id', 'title'];
    source.insert('events', columns, [1, 'a']);
    source.insert('events', ['id'], [2]);
    source.insert('events', columns, [3, null]);
    const target = new WriteSet(em, oneId);
    source.copyInto(target);
    source.copyInto(target);
    await target.flush();
    expect(statements[0].sql).toBe(
      'WITH "w0" AS (INSERT INTO "events" ("id", "title") SELECT * FROM unnest($1::integer[], $2::text[])) ' +
        'INSERT INTO "events" ("id") SELECT * FROM unnest($3::integer[])',
    );
    expect(statements[0].params).toEqual([
      [1, 3, 1, 3],
      ['a', null, 'a', null],
      [2, 2],
    ]);
    expect(source.isEmpty).toBe(false);
    await source.flush();
    expect(statements[1].params).toEqual([[1, 3], ['a', null], [2]]);
  });

  it('splits writes too large for one statement into several', async () => {
    const { em, statements } = fakePostgres();
    const writes = new WriteSet(em, oneId);
    // 2 x 10,000 rows of 2 columns: 40,000 values, over one statement's 30,000.
    for (let i = 0; i < 10_000; i++) writes.insert('a', ['x', 'y'], [i, i]);
    for (let i = 0; i < 10_000; i++) writes.insert('b', ['x', 'y'], [i, i]);
    await writes.flush();
    expect(statements).toHaveLength(2);
    expect(statements.map((s) => (s.params as unknown[][]).map((column) => column.length))).toEqual([
      [10_000, 10_000],
      [10_000, 10_000],
    ]);
    expect(statements.every((s) => !s.sql.startsWith('WITH'))).toBe(true);
  });
});

describe('PostgresIdBlocks', () => {
  it('hands out distinct ids to concurrent callers from one read of a block', async () => {
    const { em, statements } = fakePostgres(sequence(100));
    const ids = new PostgresIdBlocks();
    const got = await Promise.all(Array.from({ length: 70 }, () => ids.allocate(em, 'events')));
    expect(new Set(got).size).toBe(70);
    expect(Math.min(...got)).toBe(100);
    // 70 ids: a block of 64, then another.
    expect(statements.filter((s) => /nextval/.test(s.sql))).toHaveLength(2);
    expect(statements[0].params).toEqual(['"events"', 64]);
  });

  it('keeps tables apart', async () => {
    const { em } = fakePostgres(sequence(1));
    const ids = new PostgresIdBlocks();
    const a = await ids.allocate(em, 'events');
    const b = await ids.allocate(em, 'answers');
    expect(a).toBe(1);
    expect(b).toBe(65);
  });

  it('lets the others try with their own connection when one transaction’s read of a block fails', async () => {
    const broken = fakePostgres(() => {
      throw new Error('current transaction is aborted');
    });
    const sound = fakePostgres(sequence(500));
    const ids = new PostgresIdBlocks();
    const [first, second] = await Promise.allSettled([
      ids.allocate(broken.em, 'events'),
      ids.allocate(sound.em, 'events'),
    ]);
    expect(first.status).toBe('rejected');
    expect(second).toEqual({ status: 'fulfilled', value: 500 });
  });
});
