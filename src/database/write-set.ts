import { EntityManager } from 'typeorm';
import { insertInOneStatement, PG_STATEMENT_PARAMS } from './postgres/insert-rows';
import { sqliteValue } from './sqlite/values';

/** The next id of `table`, which the caller then inserts explicitly. */
export type IdAllocator = (em: EntityManager, table: string) => Promise<number>;

/** Runs a read (SQL with `?n` / `$n` parameters as the engine wants them). */
export type Reader = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

interface Change {
  sql: string;
  params: unknown[];
}

export interface InsertGroup {
  table: string;
  columns: readonly string[];
  rows: unknown[][];
}

/**
 * The rows a write has decided to insert (and the few changes to existing rows), written when its
 * transaction ends, as few statements as possible: every write gets one from DatabaseWriter.
 *
 * For a deferred write (DatabaseWriter.deferred) this is the only way to write: it reads what it
 * must check, records its rows here, and the writer inserts them together with the rows of the
 * other requests of the same commit, one statement per table on SQLite and one for all tables on
 * PostgreSQL. A write that throws has recorded nothing that will be written.
 *
 * Changes run before the inserts; inserts run table by table in the order each table was first
 * written to, so a row is inserted after the rows it references.
 */
/** What reads rows: a write's WriteSet, or DatabaseWriter.reads beside the writes. */
export interface Reads {
  read<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]>;
}

export class WriteSet implements Reads {
  private changes: Change[] = [];
  /** Per table, in the order each table was first written to: its groups, one per column list. */
  private inserts = new Map<string, InsertGroup[]>();

  /**
   * `allocate`: ids for rows given explicitly (so rows can reference each other before they are
   * written); `reader`: how `read` and SQLite's inserts run their SQL (SQLite's writer: prepared
   * statements), default the manager.
   */
  constructor(
    readonly em: EntityManager,
    private readonly allocate: IdAllocator,
    private readonly reader?: Reader,
  ) {}

  private get isPostgres(): boolean {
    return this.em.connection.options.type === 'postgres';
  }

  get isEmpty(): boolean {
    return this.changes.length === 0 && this.inserts.size === 0;
  }

  /** An id for a row this set will insert into `table` (its `id` column given explicitly). */
  nextId(table: string): Promise<number> {
    return this.allocate(this.em, table);
  }

  /** A read in the write's transaction; parameters numbered `$1`, `$2`, ... on both engines. */
  read<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]> {
    return this.run(sql, params) as Promise<T[]>;
  }

  private run(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    const text = numbered(sql, this.isPostgres);
    if (this.reader) return this.reader(text, params);
    return this.em.query<Record<string, unknown>[]>(text, params);
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

  /** Adds everything recorded here to `target`, keeping it here too (a shared commit may fail and go alone). */
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
    if (this.isPostgres) await insertInOneStatement(this.em, ordered);
    else for (const group of ordered) await this.insertFromJson(group);
  }

  /** The insert groups, table by table in the order each table was first written to. */
  private groupsInTableOrder(): InsertGroup[] {
    return [...this.inserts.values()].flat();
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

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/** `$n` parameters as the engine binds them: SQLite takes `?n` for the same numbering. */
export function numbered(sql: string, postgres: boolean): string {
  return postgres ? sql : sql.replace(/\$(\d+)/g, '?$1');
}
