import { DataSource } from 'typeorm';

/** The parts of a sqlite3 Statement used here. */
interface RawStatement {
  all(params: unknown[], callback: (error: Error | null, rows: Record<string, unknown>[]) => void): void;
  finalize(callback: () => void): void;
}

interface RawDatabase {
  prepare(sql: string, callback: (error: Error | null) => void): RawStatement;
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
  private readonly open: RawStatement[] = [];
  private readonly idle = new Map<string, RawStatement[]>();

  constructor(private readonly dataSource: DataSource) {}

  private get database(): RawDatabase {
    return (this.dataSource.driver as unknown as { databaseConnection: RawDatabase }).databaseConnection;
  }

  /**
   * Runs `sql` on a prepared statement of its own: a statement runs one call at a time, so
   * concurrent reads of the same SQL each get one (prepared once per batch and kept).
   */
  async all<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]> {
    const statement = this.idle.get(sql)?.pop() ?? (await this.prepare(sql));
    try {
      return await new Promise<T[]>((resolve, reject) =>
        statement.all(params, (error, rows) => (error ? reject(error) : resolve(rows as T[]))),
      );
    } finally {
      const idle = this.idle.get(sql);
      if (idle) idle.push(statement);
      else this.idle.set(sql, [statement]);
    }
  }

  private prepare(sql: string): Promise<RawStatement> {
    return new Promise<RawStatement>((resolve, reject) => {
      const statement = this.database.prepare(sql, (error) => (error ? reject(error) : resolve(statement)));
      this.open.push(statement);
    });
  }

  async finalizeAll(): Promise<void> {
    const open = this.open.splice(0);
    this.idle.clear();
    await Promise.all(open.map((s) => new Promise<void>((resolve) => s.finalize(resolve))));
  }
}
