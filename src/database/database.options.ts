import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sqlite3 from 'sqlite3';
import { DataSource, DataSourceOptions } from 'typeorm';
import { DbType } from '../config/env.validation';

export interface DatabaseSettings {
  DB_TYPE: DbType;
  DATABASE_PATH: string;
  DATABASE_URL?: string;
}

const srcRoot = join(__dirname, '..');

/**
 * The one definition of the database options: the app (AppModule), the TypeORM CLI (ormconfig.ts)
 * and the command-line tools all build their DataSource from here, so they cannot drift.
 * Schema comes from migrations (one set per engine); `synchronize` is never on.
 */
export function buildDataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  const common: Pick<
    DataSourceOptions,
    'entities' | 'migrations' | 'migrationsTableName' | 'synchronize' | 'logging' | 'invalidWhereValuesBehavior'
  > = {
    entities: [join(srcRoot, '**', '*.entity.{ts,js}')],
    migrations: [join(srcRoot, 'database', 'migrations', settings.DB_TYPE, '*.{ts,js}')],
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    // TypeORM 0.3 turns `where: { id: undefined }` into "no condition" and returns the first row.
    invalidWhereValuesBehavior: { null: 'throw', undefined: 'throw' },
  };
  if (settings.DB_TYPE === 'postgres') {
    return { ...common, type: 'postgres', url: settings.DATABASE_URL };
  }
  return {
    ...common,
    type: 'sqlite',
    database: settings.DATABASE_PATH,
    enableWAL: true,
    busyTimeout: 10_000,
    driver: sqliteWithoutTrace(),
  };
}

/**
 * TypeORM turns on sqlite3's verbose mode, which wraps every statement call to build an Error and
 * util.inspect() its SQL and parameters, for a longer stack trace should it fail: a large share of
 * the server's CPU under ingest, and it copies parameter values (personal data) into error stacks.
 * Hand TypeORM the module with verbose() as a no-op.
 */
function sqliteWithoutTrace(): typeof sqlite3 {
  return Object.assign(Object.create(sqlite3) as typeof sqlite3, { verbose: () => sqlite3 });
}

/**
 * Pragmas TypeORM does not set itself. `synchronous=FULL` makes a committed transaction survive
 * power loss in WAL mode (the default NORMAL may lose the last commits). TypeORM already turns
 * foreign keys on; it is repeated here so the guarantee does not hang on a driver detail.
 *
 * `temp_store=MEMORY`: a group commit writes each table's rows with one multi-row INSERT inside
 * the batch's transaction, and SQLite keeps a statement journal for it (the old content of every
 * page it changes, to undo the statement alone should it fail). Past 64 KB that journal is
 * spilled to a temporary file, created and unlinked on the spot, for a large share of the batches
 * under ingest (docs/write-path.md). In memory it is bounded by the pages one statement changes.
 * Only this connection: the summary reader's large sorts keep spilling to disk.
 */
export async function applySqlitePragmas(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'sqlite') return;
  await dataSource.query('PRAGMA foreign_keys = ON');
  await dataSource.query('PRAGMA synchronous = FULL');
  await dataSource.query('PRAGMA busy_timeout = 10000');
  await dataSource.query('PRAGMA temp_store = MEMORY');
}

/** Opens the DataSource TypeORM's module will use: the SQLite file's folder made first, the pragmas applied. */
export async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  if (options.type === 'sqlite' && options.database !== ':memory:') {
    mkdirSync(dirname(options.database), { recursive: true });
  }
  const dataSource = await new DataSource(options).initialize();
  await applySqlitePragmas(dataSource);
  return dataSource;
}
