import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './helpers/free-port';

/** `npm start` with a bad environment must stop at once and say which variable is wrong. */
describe('Start-up with a bad environment (e2e)', () => {
  it('exits with status 1 and a message naming the variable, before opening any database', () => {
    const root = join(__dirname, '..');
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, DB_TYPE: 'mysql', PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid environment configuration');
    expect(result.stderr).toMatch(/DB_TYPE="mysql"/);
  });
});

describe('Start-up: the address it listens on (e2e)', () => {
  const answers = async (url: string) =>
    fetch(`${url}/health`).then(
      (res) => res.ok,
      () => false,
    );

  it('listens on HOST alone when it is set (127.0.0.1: not on another address of the machine)', async () => {
    const root = join(__dirname, '..');
    const dir = mkdtempSync(join(tmpdir(), 'eom-host-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        DB_TYPE: 'sqlite',
        DATABASE_PATH: join(dir, 'eom.sqlite'),
        SEED_SAMPLE: 'false',
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    try {
      const deadline = Date.now() + 60_000;
      while (!(await answers(`http://127.0.0.1:${port}`))) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error('the server did not start');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      // Another loopback address of the same machine: nothing listens there for this server.
      expect(await answers(`http://127.0.0.2:${port}`)).toBe(false);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
