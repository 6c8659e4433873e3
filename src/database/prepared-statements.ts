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
 * finalize); a prepared statement runs in one. A batch of the serialized writer keeps its own set
 * and finalizes it when the batch ends, because SQLite will not close a connection with
 * statements left open.
 */
export class PreparedStatements {
  private readonly statements = new Map<string, RawStatement>();

  constructor(private readonly dataSource: DataSource) {}

  private get database(): RawDatabase {
    return (this.dataSource.driver as unknown as { databaseConnection: RawDatabase }).databaseConnection;
  }

  async all<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]> {
    const statement = this.statements.get(sql) ?? (await this.prepare(sql));
    return new Promise<T[]>((resolve, reject) =>
      statement.all(params, (error, rows) => (error ? reject(error) : resolve(rows as T[]))),
    );
  }

  private prepare(sql: string): Promise<RawStatement> {
    return new Promise<RawStatement>((resolve, reject) => {
      const statement = this.database.prepare(sql, (error) => {
        if (error) return reject(error);
        this.statements.set(sql, statement);
        resolve(statement);
      });
    });
  }

  async finalizeAll(): Promise<void> {
    const open = [...this.statements.values()];
    this.statements.clear();
    await Promise.all(open.map((s) => new Promise<void>((resolve) => s.finalize(resolve))));
  }
}
