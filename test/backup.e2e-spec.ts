import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import * as sqlite3 from 'sqlite3';
import { createTestApp, DB_TYPE, freshDatabase, TestApp } from './app';
import { missionBody } from './factories/mission.factory';

/**
 * `npm run cli -- backup --out <file>` copies the database while the tracker keeps writing. The
 * copy is restored (opened, or pg_restore'd) and must be one consistent moment: at least the rows
 * there before the backup started, at most the final rows, and every mission with the audit entry
 * written in its transaction.
 */
const ROOT = join(__dirname, '..');
const run = promisify(execFile);

async function countsInSqliteCopy(file: string): Promise<{ missions: number; audited: number; integrity: string }> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (e) => (e ? reject(e) : resolve(d)));
  });
  const get = <T>(sql: string) => new Promise<T>((res, rej) => db.get(sql, (e, row) => (e ? rej(e) : res(row as T))));
  try {
    const { integrity_check } = await get<{ integrity_check: string }>('PRAGMA integrity_check');
    const { n } = await get<{ n: number }>('SELECT COUNT(*) AS n FROM missions');
    const { a } = await get<{ a: number }>(
      `SELECT COUNT(*) AS a FROM audit_entries WHERE action = 'create' AND "entityType" = 'mission'`,
    );
    return { missions: n, audited: a, integrity: integrity_check };
  } finally {
    await new Promise((r) => db.close(r));
  }
}

async function countsInPgRestore(dump: string): Promise<{ missions: number; audited: number; integrity: string }> {
  const target = await freshDatabase();
  try {
    await run('pg_restore', ['--no-owner', '--dbname', target.settings.DATABASE_URL!, dump]);
    const c = new Client({ connectionString: target.settings.DATABASE_URL });
    await c.connect();
    try {
      const m = await c.query('SELECT COUNT(*)::int AS n FROM missions');
      const a = await c.query(
        `SELECT COUNT(*)::int AS a FROM audit_entries WHERE action = 'create' AND "entityType" = 'mission'`,
      );
      return { missions: m.rows[0].n, audited: a.rows[0].a, integrity: 'ok' };
    } finally {
      await c.end();
    }
  } finally {
    await target.drop();
  }
}

describe(`Online backup (e2e, ${DB_TYPE})`, () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'eom-backup-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const missionCount = async () => Number((await t.http().get('/api/v1/missions?limit=1').expect(200)).body.total);

  it('copies a consistent snapshot while writes continue, and the copy restores', async () => {
    for (let i = 0; i < 30; i++)
      await t
        .http()
        .post('/api/v1/missions')
        .send(missionBody({ name: `before-${i}` }))
        .expect(201);

    let writing = true;
    let written = 0;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; writing; i++) {
        await t
          .http()
          .post('/api/v1/missions')
          .send(missionBody({ name: `during-${w}-${i}` }))
          .expect(201);
        written++;
      }
    });
    // Let the writes get going, so the backup really runs alongside them.
    while (written < 20) await new Promise((r) => setTimeout(r, 10));
    const before = await missionCount();
    const out = join(dir, DB_TYPE === 'postgres' ? 'eom.dump' : 'eom-copy.sqlite');
    const cli = await run(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'src/cli/main.ts',
        'backup',
        '--out',
        out,
      ],
      { cwd: ROOT, env: { ...process.env, ...t.settings } },
    );
    const writtenDuringBackup = written;
    writing = false;
    await Promise.all(writers);
    const final = await missionCount();

    expect(cli.stdout).toMatch(/Backed up the (sqlite|postgres) database/);
    const copy = DB_TYPE === 'postgres' ? await countsInPgRestore(out) : await countsInSqliteCopy(out);
    expect(copy.integrity).toBe('ok');
    expect(copy.missions).toBeGreaterThanOrEqual(before);
    expect(copy.missions).toBeLessThanOrEqual(final);
    // One moment: each mission's audit entry came in the same transaction, so the counts agree.
    expect(copy.audited).toBe(copy.missions);
    expect(writtenDuringBackup).toBeGreaterThan(20);
  });

  it('refuses to overwrite an existing file', async () => {
    const out = join(dir, 'exists');
    writeFileSync(out, 'keep me');
    await expect(
      run(
        process.execPath,
        [
          '-r',
          'ts-node/register/transpile-only',
          '-r',
          'tsconfig-paths/register',
          'src/cli/main.ts',
          'backup',
          '--out',
          out,
        ],
        { cwd: ROOT, env: { ...process.env, ...t.settings } },
      ),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('already exists') });
    expect(readFileSync(out, 'utf8')).toBe('keep me');
  });
});
