import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import * as sqlite3 from 'sqlite3';

export interface BackupResult {
  file: string;
  bytes: number;
  /** What `PRAGMA integrity_check` said of the copy (SQLite only). */
  integrity?: string;
}

function open(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, mode, (err) => (err ? reject(err) : resolve(db)));
  });
}

function all<T>(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<T[]> {
  return new Promise((resolve, reject) =>
    db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))),
  );
}

function close(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve) => db.close(() => resolve()));
}

/**
 * An online copy of a live SQLite database. `VACUUM INTO` reads inside one read transaction, so in
 * WAL mode it sees one consistent snapshot while the server goes on writing, and it writes a
 * compact, self-contained file (no -wal to carry along). The copy is then opened and checked.
 * It runs on a connection of its own, never the server's.
 */
export async function backupSqlite(databasePath: string, out: string): Promise<BackupResult> {
  if (!existsSync(databasePath)) throw new Error(`no database at ${databasePath}`);
  if (existsSync(out)) throw new Error(`${out} already exists; choose a new file name`);
  const source = await open(databasePath, sqlite3.OPEN_READONLY);
  try {
    await all(source, 'PRAGMA busy_timeout = 10000');
    await all(source, 'VACUUM INTO ?', [out]);
  } finally {
    await close(source);
  }
  const copy = await open(out, sqlite3.OPEN_READONLY);
  try {
    const [row] = await all<{ integrity_check: string }>(copy, 'PRAGMA integrity_check');
    return { file: out, bytes: statSync(out).size, integrity: row.integrity_check };
  } finally {
    await close(copy);
  }
}

/**
 * PostgreSQL has its own tool for a consistent online copy: pg_dump (one snapshot, however long it
 * runs). Runs it when it is installed; the custom format restores with pg_restore.
 */
export async function backupPostgres(databaseUrl: string, out: string): Promise<BackupResult> {
  if (existsSync(out)) throw new Error(`${out} already exists; choose a new file name`);
  try {
    await promisify(execFile)('pg_dump', ['--format=custom', '--no-owner', '--file', out, databaseUrl]);
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error(
        'pg_dump is the tool for a PostgreSQL backup and it is not installed here: ' +
          'install the PostgreSQL client and run pg_dump --format=custom --file <out> "$DATABASE_URL"',
        { cause: error },
      );
    }
    throw new Error(`pg_dump failed: ${e.stderr?.trim() || e.message}`, { cause: error });
  }
  return { file: out, bytes: statSync(out).size };
}

/** Backs up the database the settings name, with the engine's own tool. */
export function backupDatabase(
  settings: { DB_TYPE: string; DATABASE_PATH: string; DATABASE_URL?: string },
  out: string,
): Promise<BackupResult> {
  return settings.DB_TYPE === 'postgres'
    ? backupPostgres(settings.DATABASE_URL!, out)
    : backupSqlite(settings.DATABASE_PATH, out);
}
