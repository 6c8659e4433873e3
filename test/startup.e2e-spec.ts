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

/** The server from the sources, on a free port and a fresh SQLite file; its output is collected. */
async function startServer(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'eom-start-'));
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: join(__dirname, '..'),
    env: {
      ...process.env,
      PORT: String(port),
      DB_TYPE: 'sqlite',
      DATABASE_PATH: join(dir, 'eom.sqlite'),
      SEED_SAMPLE: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const stop = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const host = env.HOST && env.HOST !== '::' ? env.HOST : '127.0.0.1';
  const deadline = Date.now() + 60_000;
  while (!(await answers(`http://${host}:${port}`))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      stop();
      throw new Error(`the server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { port, output: () => output, stop };
}

const answers = async (url: string) =>
  fetch(`${url}/health`).then(
    (res) => res.ok,
    () => false,
  );

describe('Start-up: settings of the running server (e2e)', () => {
  it('listens on HOST alone when it is set (127.0.0.1: not on another address of the machine)', async () => {
    const server = await startServer({ HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
    try {
      expect(await answers(`http://127.0.0.1:${server.port}`)).toBe(true);
      // Another loopback address of the same machine: nothing listens there for this server.
      expect(await answers(`http://127.0.0.2:${server.port}`)).toBe(false);
    } finally {
      server.stop();
    }
  });

  it('logs at LOG_LEVEL: warn leaves out the access log, log writes a line per request', async () => {
    for (const [level, expected] of [
      ['warn', false],
      ['log', true],
    ] as const) {
      const server = await startServer({ LOG_LEVEL: level });
      try {
        await fetch(`http://127.0.0.1:${server.port}/health?probe=${level}`);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(/\[HTTP\].* GET \/health 200/.test(server.output())).toBe(expected);
      } finally {
        server.stop();
      }
    }
  });
});

describe('Start-up: what a first start shows (e2e)', () => {
  it('ends with a framed block naming the console, the API and a working admin token, after a short log', async () => {
    const server = await startServer({ LOG_LEVEL: 'log', ADMIN_TOKEN: '' });
    try {
      // The banner is printed right after listening; give the pipe a moment to deliver it.
      const deadline = Date.now() + 10_000;
      while (!/\+-+\+\s*$/.test(server.output()) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const lines = server.output().trimEnd().split('\n');
      const last = lines[lines.length - 1];
      expect(last).toMatch(/^\+-+\+$/);
      const top = lines.lastIndexOf(last, lines.length - 2);
      const banner = lines.slice(top).join('\n');
      expect(banner).toContain(`Console: http://localhost:${server.port}/`);
      expect(banner).toContain(`API:     http://localhost:${server.port}/api/v1`);
      const token = /(eom_[A-Za-z0-9_-]{20,})/.exec(banner)?.[1];
      expect(token).toBeDefined();
      const me = await fetch(`http://127.0.0.1:${server.port}/api/v1/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(me.status).toBe(200);
      // Nest's per-module and per-route lines are debug only: the log above the banner stays short.
      const log = lines.slice(0, top);
      expect(log.join('\n')).not.toMatch(/InstanceLoader|RouterExplorer|RoutesResolver/);
      expect(log.length).toBeLessThanOrEqual(10);
    } finally {
      server.stop();
    }
  });

  it('shows the wiring lines at LOG_LEVEL=debug', async () => {
    const server = await startServer({ LOG_LEVEL: 'debug', ADMIN_TOKEN: '' });
    try {
      expect(server.output()).toMatch(/RouterExplorer/);
    } finally {
      server.stop();
    }
  });
});
