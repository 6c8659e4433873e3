import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CliContext, CliOptionValues, UsageError } from '../src/cli/cli-command';
import { usersCreateCommand } from '../src/cli/commands/users-create.command';
import { systemCaller } from '../src/common/request-context';
import { createTestApp, TestApp } from './app';
import { missionBody } from './factories/mission.factory';

describe('CLI users create (e2e)', () => {
  let t: TestApp;
  let missionId: number;
  beforeAll(async () => {
    t = await createTestApp();
    missionId = (await t.http().post('/api/v1/missions').send(missionBody()).expect(201)).body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  /** Runs the command as src/cli/main.ts does (as the CLI actor), on the test app. */
  const run = async (options: CliOptionValues) => {
    const out: string[] = [];
    const err: string[] = [];
    const context: CliContext = {
      app: () => Promise.resolve(t.app),
      out: (line) => void out.push(line),
      err: (line) => void err.push(line),
      interactive: false,
      caller: systemCaller('cli'),
    };
    await usersCreateCommand.run(options, context);
    return { out, err };
  };

  it('creates a coordinator of a mission and prints only its token on stdout', async () => {
    const { out, err } = await run({ role: 'coordinator', mission: String(missionId), name: 'Leyla Mammadova' });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^eom_[A-Za-z0-9_-]{43}$/);
    expect(err.join('\n')).toMatch(new RegExp(`"Leyla Mammadova" \\(coordinator, missions ${missionId}\\)`));
    expect(err.join('\n')).not.toContain(out[0]);
    await t.as(out[0]).get(`/api/v1/missions/${missionId}`).expect(200);
    await t.as(out[0]).get('/api/v1/users').expect(403);
  });

  it('refuses a malformed --mission as a usage error and a mission that does not exist as bad input', async () => {
    await expect(run({ role: 'analyst', mission: 'one', name: 'X' })).rejects.toThrow(UsageError);
    await expect(run({ role: 'analyst', mission: '999999', name: 'X' })).rejects.toMatchObject({
      response: { message: [expect.stringMatching(/no mission with id 999999/)] },
    });
  });
});

describe('npm run cli -- users create (e2e, separate process)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is registered, and prints a working token for a new coordinator', async () => {
    const missionId = (await t.http().post('/api/v1/missions').send(missionBody()).expect(201)).body.id;
    const child = spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'src/cli/main.ts',
        'users',
        'create',
        '--role',
        'coordinator',
        '--mission',
        String(missionId),
        '--name',
        'Leyla Mammadova',
      ],
      { cwd: join(__dirname, '..'), env: { ...process.env, ...t.settings, SEED_SAMPLE: 'false' }, encoding: 'utf8' },
    );
    if (child.status !== 0) throw new Error(`exit ${child.status}: ${child.stderr}`);
    const token = child.stdout.trim();
    expect(token).toMatch(/^eom_[A-Za-z0-9_-]{43}$/);
    await t.as(token).get(`/api/v1/missions/${missionId}`).expect(200);
  });
});
