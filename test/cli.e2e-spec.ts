import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALBANIA_2017_STATIONS } from '../src/seed/sample-files';
import { createTestApp, TestApp } from './app';
import { createMission } from './factories/mission.factory';

const ROOT = join(__dirname, '..');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as `npm run cli` does, in a process of its own, and collects what it printed. */
function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'src/cli/main.ts', ...args],
      { cwd: ROOT, env: { ...process.env, ...env } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('CLI (e2e)', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'eom-cli-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const newMission = (overrides: Parameters<typeof createMission>[1] = {}) => createMission(t, overrides);
  const stationCount = async (missionId: number) =>
    (await t.http().get(`/api/v1/missions/${missionId}/polling-stations`).expect(200)).body.total;
  // The CLI opens the same database the test app uses (a SQLite file or a PostgreSQL database).
  const dbEnv = () => ({ ...t.settings, SEED_SAMPLE: 'false' });

  it('imports the Albanian station list into the database named by the environment', async () => {
    const missionId = await newMission();
    const run = await cli(
      [
        'import',
        'stations',
        '--mission',
        String(missionId),
        '--file',
        ALBANIA_2017_STATIONS,
        '--columns',
        'constituency:zaz,code:qvKod,name:vendndodhja,region:qarku,district:bashkia,registered_voters:zgjedhes',
      ],
      dbEnv(),
    );
    expect(run.stderr).toMatch(/100% 5,362\/5,362/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `Imported polling stations into mission ${missionId} \\(insert\\): 5362 created, 0 updated, 0 unchanged in [\\d.]+ s`,
      ),
    );
    console.log(`CLI: ${run.stdout.trim()}`);
    expect(await stationCount(missionId)).toBe(5362);
  });

  it('upserts with --mode upsert', async () => {
    const missionId = await newMission();
    const file = join(dir, 'upsert.csv');
    writeFileSync(file, 'code,name,registered_voters\n1,School,100\n');
    expect((await cli(['import', 'stations', '--mission', String(missionId), '--file', file], dbEnv())).code).toBe(0);
    writeFileSync(file, 'code,name,registered_voters\n1,School,120\n2,Hall,80\n');
    const run = await cli(
      ['import', 'stations', '--mission', String(missionId), '--file', file, '--mode', 'upsert'],
      dbEnv(),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\(upsert\): 1 created, 1 updated, 0 unchanged/);
    expect(await stationCount(missionId)).toBe(2);
  });

  it('fails with exit code 1 on a bad file, listing each error, and stores nothing', async () => {
    const missionId = await newMission();
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'code,name,latitude\n1,School,95\n1,Again,\n');
    const run = await cli(['import', 'stations', '--mission', String(missionId), '--file', file], dbEnv());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Failed (400): 2 rows have errors');
    expect(run.stderr).toContain('line 2, column latitude: 95 is out of range: must be between -90 and 90');
    expect(run.stderr).toContain('line 3, column code: the station with code "1" is already on line 2');
    expect(await stationCount(missionId)).toBe(0);
  });

  it('fails with exit code 1 for a mission that does not exist', async () => {
    const file = join(dir, 'one.csv');
    writeFileSync(file, 'code,name\n1,School\n');
    const run = await cli(['import', 'stations', '--mission', '999999', '--file', file], dbEnv());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Failed (404): Mission 999999 not found');
  });

  it.each([
    ['no command', [], /Usage: eom-tracker <command>/],
    ['an unknown command', ['import', 'planets'], /Unknown command "import planets"/],
    ['a missing required option', ['import', 'stations', '--file', 'x.csv'], /--mission is required/],
    [
      'a mission id that is not one',
      ['import', 'stations', '--mission', 'abc', '--file', 'x.csv'],
      /--mission must be a positive whole number/,
    ],
    [
      'an unknown mode',
      ['import', 'stations', '--mission', '1', '--file', 'x.csv', '--mode', 'merge'],
      /--mode must be one of: insert, upsert/,
    ],
    [
      'an unknown option',
      ['import', 'stations', '--mission', '1', '--file', 'x.csv', '--colour', 'red'],
      /Unknown option '--colour'/,
    ],
    [
      'a file that cannot be read',
      ['import', 'stations', '--mission', '1', '--file', 'no-such-file.csv'],
      /cannot read --file no-such-file.csv: ENOENT/,
    ],
  ])('refuses %s with exit code 2 and says why', async (_label, args, message) => {
    const run = await cli(args, dbEnv());
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(2);
  });

  it("prints the list of commands and each command's options on --help", async () => {
    const all = await cli(['--help']);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/import stations\s+Imports/);
    const one = await cli(['import', 'stations', '--help']);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/--columns <field:header,...>/);
  });
});
