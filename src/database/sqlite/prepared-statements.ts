import { Database, Statement } from 'sqlite3';
import { DataSource, Driver } from 'typeorm';

/**
 * The sqlite3 Database that TypeORM's SQLite driver opened, the one connection all its queries run
 * on. TypeORM has no public way to prepare a statement, so this is the one place that reads its
 * driver's `databaseConnection` (docs/write-path.md, "Library internals we touch"); what it finds is
 * checked, so a TypeORM that keeps it elsewhere fails here, and in this file's spec.
 */
export function sqliteConnection(dataSource: DataSource): Database {
  const connection = (dataSource.driver as Driver & { databaseConnection?: unknown }).databaseConnection;
  if (!(connection instanceof Database)) {
    throw new Error("TypeORM's SQLite driver has no sqlite3 Database as its databaseConnection");
  }
  return connection;
}

/**
 * SQLite statements prepared once and run many times on TypeORM's one connection. Running SQL
 * text through TypeORM costs three round trips through Node's thread pool (prepare, run,
 * finalize); a prepared statement runs in one. The serialized writer keeps them while writes keep
 * coming and finalizes them all once it has been idle a while, and always before the DataSource
 * closes, because SQLite will not close a connection with statements left open.
 */
export class PreparedStatements {
  /** Every statement prepared, to finalize them all; per SQL text, the ones not running now. */
  private readonly open: Statement[] = [];
  private readonly idle = new Map<string, Statement[]>();
  /** The finalizing under way, which a later finalizeAll waits for too. */
  private finalizing: Promise<void> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `sql` on a prepared statement of its own: a statement runs one call at a time, so
   * concurrent reads of the same SQL each get one (prepared once per batch and kept).
   */
  async all<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]> {
    const statement = this.idle.get(sql)?.pop() ?? (await this.prepare(sql));
    try {
      return await new Promise<T[]>((resolve, reject) =>
        statement.all<T>(params, (error, rows) => (error ? reject(error) : resolve(rows))),
      );
    } finally {
      const idle = this.idle.get(sql);
      if (idle) idle.push(statement);
      else this.idle.set(sql, [statement]);
    }
  }

  private prepare(sql: string): Promise<Statement> {
    return new Promise<Statement>((resolve, reject) => {
      const statement = sqliteConnection(this.dataSource).prepare(sql, (error) => {
        if (!error) return resolve(statement);
        // Not kept: sqlite3 never calls back for a finalize of a statement that failed to prepare (it
        // would hold up finalizeAll, and with it the shutdown), nor does SQLite need one.
        const at = this.open.indexOf(statement);
        if (at >= 0) this.open.splice(at, 1);
        reject(error);
      });
      this.open.push(statement);
    });
  }

  /** Finalizes every statement; resolves once they, and any finalized before, are done. */
  finalizeAll(): Promise<void> {
    const open = this.open.splice(0);
    this.idle.clear();
    const closing = open.map((s) => new Promise<void>((resolve) => s.finalize(() => resolve())));
    this.finalizing = Promise.all([this.finalizing, ...closing]).then(() => undefined);
    return this.finalizing;
  }
}
