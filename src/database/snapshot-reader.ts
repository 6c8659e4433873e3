import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { OPEN_READONLY } from 'sqlite3';
import { DataSource, DataSourceOptions, EntityManager } from 'typeorm';

/**
 * Long reads (a mission's summary) on one consistent snapshot, kept apart from the writer. SQLite:
 * the writer's one shared connection would interleave them with (and show them half-done) writes,
 * so they run one at a time in read transactions on a second, read-only connection; in WAL mode it
 * sees the last commit and neither waits for nor delays the writer. PostgreSQL: a REPEATABLE READ,
 * READ ONLY transaction on its own pooled connection.
 */
@Injectable()
export class SnapshotReader implements OnApplicationShutdown {
  private readOnly?: Promise<DataSource>;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  read<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const options = this.dataSource.options;
    if (options.type === 'postgres') {
      return this.dataSource.transaction('REPEATABLE READ', async (em) => {
        await em.query('SET TRANSACTION READ ONLY');
        return work(em);
      });
    }
    // An in-memory database is private to its one connection: nothing else can open it.
    if (options.type === 'sqlite' && options.database === ':memory:') return work(this.dataSource.manager);
    const run = this.tail.then(() => this.inReadTransaction(work));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async inReadTransaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const source = await this.readOnlySource();
    await source.query('BEGIN');
    try {
      return await work(source.manager);
    } finally {
      await source.query('COMMIT');
    }
  }

  private readOnlySource(): Promise<DataSource> {
    this.readOnly ??= new DataSource({
      ...(this.dataSource.options as DataSourceOptions & { type: 'sqlite' }),
      name: 'snapshot-reader',
      flags: OPEN_READONLY,
      // journal_mode is a write; the writer's connection has already set WAL on the file.
      enableWAL: false,
      migrationsRun: false,
      synchronize: false,
    })
      .initialize()
      .then(async (source) => {
        // A larger page cache than the 2 MB default keeps the events index warm between summaries.
        await source.query('PRAGMA cache_size = -32768');
        return source;
      });
    return this.readOnly;
  }

  async onApplicationShutdown(): Promise<void> {
    const pending = this.readOnly;
    this.readOnly = undefined;
    if (!pending) return;
    await this.tail;
    const source = await pending.catch(() => undefined);
    if (source?.isInitialized) await source.destroy();
  }
}
