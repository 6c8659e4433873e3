import { EntityManager } from 'typeorm';
import { insertRows, valuesList } from './bulk-insert';
import { sqliteValue } from './sqlite-values';

/** The next id of `table`, which the caller then inserts explicitly. */
export type IdAllocator = (em: EntityManager, table: string) => Promise<number>;

/** Runs a read (SQL with `?n` / `$n` parameters as the engine wants them). */
export type Reader = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

export interface WriteSetOptions {
  allocate: IdAllocator;
  /**
   * What the works of one transaction (one batch on SQLite) tell each other about writes not yet
   * run, e.g. an idempotency key claimed by an earlier work of the batch.
   */
  shared?: Map<string, unknown>;
  /** How `read` runs its SQL (SQLite's writer: prepared statements); default `em.query`. */
  reader?: Reader;
  /**
   * How `flush` runs its one-statement INSERTs on PostgreSQL (the group commit: named prepared
   * statements on its connection); default `em.query`.
   */
  inserter?: Reader;
}

/**
 * A lookup of at most one row (by a unique key) that rides with a work's next `read`: on PostgreSQL
 * in the same statement, one round trip instead of two. See `WriteSet.lookUpWithNextRead`.
 */
export interface RidingLookup {
  /** A SELECT of at most one row, parameters `$1`, `$2`, ... of its own. */
  sql: string;
  params: unknown[];
  /** The columns it selects, as named in its result. */
  columns: readonly string[];
  /**
   * Gets the row (null: none) before the read's caller gets its own rows; what it throws, that
   * read throws (so a work can be stopped before it goes on with what it read).
   */
  check: (row: Record<string, unknown> | null) => void;
}

/** Result columns the combined read adds, named so that they cannot clash with the read's own. */
const LOOKUP_PRESENT = 'lookup:present';
const lookupColumn = (name: string) => `lookup:${name}`;

interface Change {
  sql: string;
  params: unknown[];
}

interface InsertGroup {
  table: string;
  columns: readonly string[];
  rows: unknown[][];
}

/**
 * The writes a work has decided on, run later as few statements as possible.
 *
 * A deferred work (DatabaseWriter.deferred) reads what it must check through its EntityManager,
 * then only records here what to write. So a work that throws has written nothing and needs no
 * savepoint, and on SQLite the rows of a whole group-commit batch go in one multi-row INSERT per
 * table instead of a statement per row per request: SQLite's one connection runs statements one
 * after another, each a round trip through Node's thread pool, and that chain, not the disk,
 * bounded ingest.
 *
 * Changes to existing rows (`change`) run before the inserts; inserts run table by table in the
 * order each table was first written to, so a row is inserted after the rows it references.
 */
export class WriteSet {
  private changes: Change[] = [];
  /** Per table, in the order each table was first written to: its groups, one per column list. */
  private inserts = new Map<string, InsertGroup[]>();

  readonly shared: Map<string, unknown>;
  /** Waiting for the next `read` to carry it (lookUpWithNextRead). */
  private riding: RidingLookup | null = null;

  constructor(
    readonly em: EntityManager,
    private readonly options: WriteSetOptions,
  ) {
    this.shared = options.shared ?? new Map<string, unknown>();
  }

  /** An empty set in the same transaction, sharing ids, reads and `shared` with this one. */
  fork(): WriteSet {
    return new WriteSet(this.em, { ...this.options, shared: this.shared });
  }

  /** A set for `em`'s transaction alone, with ids from the engine (SQLite: counted in it). */
  static standalone(em: EntityManager, options: Pick<WriteSetOptions, 'inserter'> = {}): WriteSet {
    const postgres = em.connection.options.type === 'postgres';
    return new WriteSet(em, { ...options, allocate: postgres ? sequenceIds : new SqliteIdCounter().allocate });
  }

  get isPostgres(): boolean {
    return this.em.connection.options.type === 'postgres';
  }

  get isEmpty(): boolean {
    return this.changes.length === 0 && this.inserts.size === 0;
  }

  /** An id for a row this set will insert into `table` (its `id` column given explicitly). */
  nextId(table: string): Promise<number> {
    return this.options.allocate(this.em, table);
  }

  /** A read in the write's transaction; parameters numbered `$1`, `$2`, ... on both engines. */
  read<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]> {
    const lookup = this.riding;
    if (!lookup) return this.run(sql, params) as Promise<T[]>;
    this.riding = null;
    // SQLite: a statement is a call into the driver's thread pool, no trip over a network, and the
    // combined statement was slower there (docs/write-path.md); so the lookup goes just before.
    if (!this.isPostgres) return this.lookUpAlone(lookup).then(() => this.run(sql, params) as Promise<T[]>);
    return this.readWithLookup(sql, params, lookup) as Promise<T[]>;
  }

  private run(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    const text = numbered(sql, this.isPostgres);
    if (this.options.reader) return this.options.reader(text, params);
    return this.em.query<Record<string, unknown>[]>(text, params);
  }

  /**
   * Sends `lookup` with this set's next `read` (the work's first, typically), on PostgreSQL as one
   * statement; `lookup.check` gets its row before that read returns. Should the work make no read,
   * the lookup runs alone in `settleLookup()`, which the caller awaits after the work. For a lookup
   * the work does not depend on, such as its Idempotency-Key's stored answer: each of a station
   * visit's two reads was a round trip through the pool and a statement for PostgreSQL to run.
   */
  lookUpWithNextRead(lookup: RidingLookup): void {
    if (this.riding) throw new Error('WriteSet: one lookup at a time rides with the next read');
    this.riding = lookup;
  }

  /** Runs the lookup that found no read to ride with, if any (see lookUpWithNextRead). */
  async settleLookup(): Promise<void> {
    const lookup = this.riding;
    if (!lookup) return;
    this.riding = null;
    await this.lookUpAlone(lookup);
  }

  private async lookUpAlone(lookup: RidingLookup): Promise<void> {
    const [row] = await this.run(lookup.sql, lookup.params);
    lookup.check(row ?? null);
  }

  /**
   * PostgreSQL: the read and the lookup as one SELECT: the read as it is, its rows in its order, and
   * beside each the lookup's columns as scalar subqueries (an uncorrelated one runs once per
   * statement, and each keeps its column's type as a plain read would). Should the read find no
   * row, the lookup is asked alone, a second statement only then.
   */
  private async readWithLookup(
    sql: string,
    params: unknown[],
    lookup: RidingLookup,
  ): Promise<Record<string, unknown>[]> {
    const statement = combinedStatement(sql, params.length, lookup);
    const rows = await this.run(statement.text, [...params, ...lookup.params]);
    if (rows.length === 0) {
      await this.lookUpAlone(lookup);
      return [];
    }
    const first = rows[0];
    let found: Record<string, unknown> | null = null;
    if (first[LOOKUP_PRESENT] !== null && first[LOOKUP_PRESENT] !== undefined) {
      found = {};
      for (const c of lookup.columns) found[c] = first[lookupColumn(c)];
    }
    lookup.check(found);
    return rows.map((row) => {
      const own: Record<string, unknown> = {};
      for (const key of Object.keys(row)) if (!statement.added.has(key)) own[key] = row[key];
      return own;
    });
  }

  /**
   * A row to insert, values in the order of `columns` (Dates and booleans bound per engine). Rows
   * with the same columns share a statement; pass the same array for them, which is found by
   * identity before it is compared name by name (this runs for every row of every request).
   */
  insert(table: string, columns: readonly string[], row: unknown[]): void {
    this.groupFor(table, columns).rows.push(row);
  }

  private groupFor(table: string, columns: readonly string[]): InsertGroup {
    let groups = this.inserts.get(table);
    if (!groups) {
      groups = [];
      this.inserts.set(table, groups);
    }
    let group = groups.find((g) => g.columns === columns) ?? groups.find((g) => sameNames(g.columns, columns));
    if (!group) {
      group = { table, columns, rows: [] };
      groups.push(group);
    }
    return group;
  }

  /** A statement changing existing rows; parameters numbered `$1`, `$2`, ... on both engines. */
  change(sql: string, params: unknown[]): void {
    this.changes.push({ sql, params });
  }

  /**
   * PostgreSQL: whether `flush` is one statement (no changes, every row within one statement's
   * parameters), which is atomic without a transaction around it.
   */
  get flushesInOneStatement(): boolean {
    if (!this.isPostgres || this.changes.length > 0) return false;
    let params = 0;
    for (const group of this.groupsInTableOrder()) params += group.rows.length * group.columns.length;
    return params <= PG_STATEMENT_PARAMS;
  }

  /** Moves everything recorded here into `target` (this set is empty afterwards). */
  moveInto(target: WriteSet): void {
    this.copyInto(target);
    this.clear();
  }

  /** Adds everything recorded here to `target`, keeping it here too. */
  copyInto(target: WriteSet): void {
    target.changes.push(...this.changes);
    for (const group of this.groupsInTableOrder()) {
      target.groupFor(group.table, group.columns).rows.push(...group.rows);
    }
  }

  /** Runs the recorded writes in `em`'s transaction and forgets them. */
  async flush(): Promise<void> {
    const { changes } = this;
    const ordered = this.groupsInTableOrder();
    this.clear();
    for (const c of changes) await this.em.query(numbered(c.sql, this.isPostgres), c.params);
    if (this.isPostgres) await this.insertAsOneStatement(ordered);
    else for (const group of ordered) await this.insertFromJson(group);
  }

  /** The insert groups, table by table in the order each table was first written to. */
  private groupsInTableOrder(): InsertGroup[] {
    return [...this.inserts.values()].flat();
  }

  /**
   * PostgreSQL: every table's rows in ONE statement, one round trip, the first tables' INSERTs as
   * data-modifying WITH clauses. Foreign keys are checked at the end of the statement, so the
   * order inside it does not matter. Sets too large for one statement's parameters go in parts.
   *
   * A table's rows travel as one array per column, unpacked by unnest(): the statement's text stays
   * a few hundred characters whatever the number of rows, where a VALUES list has a parameter per
   * value (about 120 per visit) for PostgreSQL to parse and plan afresh on every commit.
   */
  private async insertAsOneStatement(groups: InsertGroup[]): Promise<void> {
    const parts: string[] = [];
    let params: unknown[] = [];
    let values = 0;
    const run = async () => {
      if (!parts.length) return;
      const withs = parts.slice(0, -1).map((sql, i) => `"w${i}" AS (${sql})`);
      const sql = `${withs.length ? `WITH ${withs.join(', ')} ` : ''}${parts.at(-1)}`;
      await (this.options.inserter ? this.options.inserter(sql, params) : this.em.query(sql, params));
      parts.length = 0;
      params = [];
      values = 0;
    };
    for (const group of groups) {
      const size = group.rows.length * group.columns.length;
      if (size > PG_STATEMENT_PARAMS) {
        await insertRows(this.em, group.table, group.columns, group.rows, { ids: false });
        continue;
      }
      if (values + size > PG_STATEMENT_PARAMS) await run();
      values += size;
      const names = group.columns.map((c) => `"${c}"`).join(', ');
      const arrays = unnestable(group) ? columnArrays(group, await postgresColumnTypes(this.em, group.table)) : null;
      if (arrays) {
        const casts = arrays.map(({ values: column, type }) => {
          params.push(column);
          return `$${params.length}::${type}[]`;
        });
        parts.push(`INSERT INTO "${group.table}" (${names}) SELECT * FROM unnest(${casts.join(', ')})`);
      } else {
        parts.push(`INSERT INTO "${group.table}" (${names}) VALUES ${valuesList(group.rows, params, true)}`);
      }
    }
    await run();
  }

  /**
   * SQLite: the rows go in as ONE JSON text unpacked by json_each. The statement's text is the
   * same for any number of rows, so it is prepared once, and the parsing runs on SQLite's side of
   * the thread pool; a multi-row VALUES list would be new SQL every time, with thousands of values
   * bound one by one on Node's main thread.
   */
  private async insertFromJson(group: InsertGroup): Promise<void> {
    const names = group.columns.map((c) => `"${c}"`).join(', ');
    const values = group.columns.map((_, i) => `value ->> ${i}`).join(', ');
    const sql = `INSERT INTO "${group.table}" (${names}) SELECT ${values} FROM json_each($1)`;
    await this.run(sql, [JSON.stringify(group.rows.map((row) => row.map(sqliteValue)))]);
  }

  private clear(): void {
    this.changes = [];
    this.inserts = new Map();
  }
}

interface CombinedStatement {
  shift: number;
  columns: readonly string[];
  text: string;
  /** The result columns the lookup adds, taken off each row before the read's caller gets it. */
  added: ReadonlySet<string>;
}

/**
 * Combined statements (readWithLookup) by lookup, then read: SQL of the code, so a handful; at most
 * COMBINED_KEPT reads per lookup are kept, should SQL be built per call.
 */
const combined = new Map<string, Map<string, CombinedStatement>>();
const COMBINED_KEPT = 64;

/** The read with the lookup's columns beside each row; the lookup's parameters after the read's. */
function combinedStatement(sql: string, shift: number, lookup: RidingLookup): CombinedStatement {
  let byRead = combined.get(lookup.sql);
  const kept = byRead?.get(sql);
  if (kept && kept.shift === shift && kept.columns === lookup.columns) return kept;
  const lookupSql = lookup.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + shift}`);
  const scalar = (column: string | null, alias: string) =>
    `(SELECT ${column === null ? '1' : `"l"."${column}"`} FROM (${lookupSql}) "l") AS "${alias}"`;
  const picks = [scalar(null, LOOKUP_PRESENT), ...lookup.columns.map((c) => scalar(c, lookupColumn(c)))];
  const statement: CombinedStatement = {
    shift,
    columns: lookup.columns,
    text: `SELECT "r".*, ${picks.join(', ')} FROM (${sql}) "r"`,
    added: new Set([LOOKUP_PRESENT, ...lookup.columns.map(lookupColumn)]),
  };
  if (!byRead) combined.set(lookup.sql, (byRead = new Map<string, CombinedStatement>()));
  if (byRead.size < COMBINED_KEPT || byRead.has(sql)) byRead.set(sql, statement);
  return statement;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/**
 * Whether a group's values can travel as one PostgreSQL array per column: scalars, dates and nulls
 * only (node-postgres would turn a nested array or a buffer into something else inside an array).
 */
function unnestable(group: InsertGroup): boolean {
  return group.rows.every((row) => row.every(isScalarValue));
}

/**
 * A value node-postgres sends as one element of an array parameter as it would alone: a scalar, a
 * date or null (a nested array or a buffer would become something else inside an array).
 */
export function isScalarValue(value: unknown): boolean {
  return value === null || value === undefined || typeof value !== 'object' || value instanceof Date;
}

/** The group's values column by column, with each column's type as unnest() needs it; null if one is unknown. */
function columnArrays(
  group: InsertGroup,
  types: ReadonlyMap<string, string>,
): { values: unknown[]; type: string }[] | null {
  const arrays: { values: unknown[]; type: string }[] = [];
  for (const [i, column] of group.columns.entries()) {
    const type = types.get(column);
    if (!type) return null;
    arrays.push({ values: group.rows.map((row) => row[i] ?? null), type });
  }
  return arrays;
}

/** Per DataSource and table: each column's type name, read once from the catalog (the schema is migrated at start). */
const columnTypes = new WeakMap<object, Map<string, Promise<Map<string, string>>>>();

function postgresColumnTypes(em: EntityManager, table: string): Promise<Map<string, string>> {
  let tables = columnTypes.get(em.connection);
  if (!tables) {
    tables = new Map();
    columnTypes.set(em.connection, tables);
  }
  let types = tables.get(table);
  if (!types) {
    types = em
      .query(
        `SELECT a."attname" AS "name", format_type(a."atttypid", NULL) AS "type" FROM "pg_attribute" a
         WHERE a."attrelid" = $1::regclass AND a."attnum" > 0 AND NOT a."attisdropped"`,
        [`"${table}"`],
      )
      .then((rows: { name: string; type: string }[]) => new Map(rows.map((r) => [r.name, r.type])));
    // A failed read (the transaction broke) is tried again by the next flush.
    types.catch(() => tables.delete(table));
    tables.set(table, types);
  }
  return types;
}

/** Bound parameters of one PostgreSQL statement at most (the protocol allows 65535). */
const PG_STATEMENT_PARAMS = 30_000;

/** `$n` parameters as the engine binds them: SQLite takes `?n` for the same numbering. */
export function numbered(sql: string, postgres: boolean): string {
  return postgres ? sql : sql.replace(/\$(\d+)/g, '?$1');
}

/** PostgreSQL: ids from the table's own sequence, as its default would take them. */
export const sequenceIds: IdAllocator = async (em, table) => {
  const [row] = await em.query<{ id: string | number }[]>(`SELECT nextval(pg_get_serial_sequence($1, 'id')) AS "id"`, [
    `"${table}"`,
  ]);
  return Number(row.id);
};

/** Ids taken from a PostgreSQL sequence in one round trip. */
const PG_ID_BLOCK = 64;

/**
 * PostgreSQL: ids taken from each table's sequence a block at a time and handed out from memory,
 * saving a round trip per row. A sequence is outside transactions anyway: an id is never given
 * twice, by this instance or another, and the ones a stopped process never used are gaps, as a
 * rolled-back insert leaves.
 */
export class PostgresIdBlocks {
  private readonly free = new Map<string, number[]>();
  private readonly refills = new Map<string, Promise<void>>();

  /**
   * The block is read through the asker's EntityManager: a transaction's own connection when it
   * runs in one (a transaction holds a pooled connection, so asking the pool for another could wait
   * for ever once they are all held by transactions waiting for ids); the pool, for a deferred work,
   * which holds none while it waits.
   */
  readonly allocate: IdAllocator = async (em, table) => {
    for (;;) {
      const id = this.free.get(table)?.shift();
      if (id !== undefined) return id;
      const pending = this.refills.get(table);
      if (pending) {
        // Another transaction's refill: should it fail (its transaction broke), try with ours.
        await pending.catch(() => undefined);
        continue;
      }
      const refill = this.refill(em, table).finally(() => this.refills.delete(table));
      this.refills.set(table, refill);
      await refill;
    }
  };

  private async refill(em: EntityManager, table: string): Promise<void> {
    const rows = await em.query<{ id: string | number }[]>(
      `SELECT nextval(pg_get_serial_sequence($1, 'id')) AS "id" FROM generate_series(1, $2)`,
      [`"${table}"`, PG_ID_BLOCK],
    );
    const free = this.free.get(table) ?? [];
    free.push(...rows.map((r) => Number(r.id)));
    this.free.set(table, free);
  }
}

/**
 * SQLite, inside one transaction of the serialized writer: the first id of a table is read once
 * (AUTOINCREMENT never reuses an id, so past the larger of sqlite_sequence and the highest id), the
 * rest counted here. Valid while every insert into those tables in the transaction goes through
 * this allocator; `reset()` after any other write. Another process inserting meanwhile cannot
 * make ids collide: SQLite refuses our first write if the database changed after our first read.
 */
export class SqliteIdCounter {
  /** Per table: the first id of this transaction (read once) and how many were handed out. */
  private first = new Map<string, Promise<number>>();
  private taken = new Map<string, number>();

  /** `reader`: how the first id is read (the writer's prepared statements); default `em.query`. */
  constructor(private readonly reader?: Reader) {}

  /** Safe for concurrent works: each call takes its offset before it waits for the first id. */
  readonly allocate: IdAllocator = async (em, table) => {
    const offset = this.taken.get(table) ?? 0;
    this.taken.set(table, offset + 1);
    let first = this.first.get(table);
    if (!first) {
      first = this.readFirst(em, table);
      this.first.set(table, first);
    }
    return (await first) + offset;
  };

  reset(): void {
    this.first = new Map();
    this.taken = new Map();
  }

  private async readFirst(em: EntityManager, table: string): Promise<number> {
    const sql = `SELECT max(COALESCE((SELECT "seq" FROM "sqlite_sequence" WHERE "name" = ?), 0),
                  COALESCE((SELECT max("id") FROM "${table}"), 0)) AS "last"`;
    const [row] = (await (this.reader ? this.reader(sql, [table]) : em.query(sql, [table]))) as { last: number }[];
    return Number(row.last) + 1;
  }
}
