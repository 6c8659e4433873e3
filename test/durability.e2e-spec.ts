import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freshDatabase } from './app';
import { freePort } from './helpers/free-port';
import { missionBody } from './factories/mission.factory';

/**
 * What a 2xx promises: the write is on disk. The server runs as a separate process, is killed with
 * SIGKILL in the middle of concurrent submissions and restarted on the same database. Every
 * submission that was acknowledged must be there (a re-send with its Idempotency-Key replays the
 * first answer); the ones whose answer was lost are re-sent and stored exactly once.
 * SIGTERM, by contrast, lets requests in flight finish before the process exits.
 */
const ROOT = join(__dirname, '..');
const API = '/api/v1';

interface Server {
  url: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

/** The server as production starts it (main.ts), from the sources so no stale build is tested. */
async function startServer(env: Record<string, string | undefined>): Promise<Server> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'src/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...env,
        PORT: String(port),
        SEED_SAMPLE: 'false',
        RATE_LIMIT_PER_MINUTE: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, child, exited, output: () => log };
}

interface Answer {
  status: number;
  body: { id?: number } & Record<string, unknown>;
  replayed: boolean;
}

function client(url: string, token: string) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> => {
    const res = await fetch(`${url}${API}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text ? JSON.parse(text) : {},
      replayed: res.headers.get('idempotent-replayed') === 'true',
    };
  };
}

function answerFor(q: { type: string; options?: string[] }): unknown {
  if (q.type === 'number') return 3;
  if (q.type === 'choice') return q.options?.[0];
  if (q.type === 'text') return 'fine';
  return 'yes';
}

/** A mission with one station, and a valid station visit body with the stage's answers. */
async function prepareMission(call: ReturnType<typeof client>) {
  const mission = await call('POST', '/missions', missionBody({ status: 'active' } as never));
  expect(mission.status).toBe(201);
  const station = await call('POST', `/missions/${mission.body.id}/polling-stations`, {
    constituencyCode: '01',
    code: '001',
    name: 'School No. 1',
    region: 'Baku',
    registeredVoters: 1200,
    type: 'regular',
  });
  expect(station.status).toBe(201);
  const checklist = await call('GET', `/missions/${mission.body.id}/checklists/voting`);
  expect(checklist.status).toBe(200);
  const questions = (checklist.body.questions as { code: string; type: string; options?: string[] }[]).slice(0, 12);
  const visit = (n: number) => ({
    type: 'station_visit',
    occurredAt: '2024-02-07T10:00:00+04:00',
    title: `Visit ${n}`,
    pollingStationId: station.body.id,
    stage: 'voting',
    overallAssessment: 'good',
    votersVoted: n % 1000,
    answers: Object.fromEntries(questions.map((q) => [q.code, answerFor(q)])),
  });
  return { missionId: mission.body.id as number, visit };
}

describe('Durability (e2e, separate server process)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let env: Record<string, string | undefined>;
  let adminToken: string;
  const running: Server[] = [];

  beforeEach(async () => {
    db = await freshDatabase();
    adminToken = `durability-admin-${randomBytes(16).toString('hex')}`;
    env = { ...db.settings, ADMIN_TOKEN: adminToken };
  });
  afterEach(async () => {
    for (const s of running.splice(0)) {
      if (s.child.exitCode === null && s.child.signalCode === null) {
        s.child.kill('SIGKILL');
        await s.exited;
      }
    }
    await db.drop();
  });

  it('keeps every acknowledged submission across a SIGKILL, and stores each re-sent one exactly once', async () => {
    const first = await startServer(env);
    running.push(first);
    const { missionId, visit } = await prepareMission(client(first.url, adminToken));

    type Sent = { key: string; n: number; id?: number };
    const acknowledged: Sent[] = [];
    const unknown: Sent[] = [];
    let killed = false;
    const call = client(first.url, adminToken);
    const worker = async (c: number) => {
      for (let n = 0; !killed; n++) {
        const sent: Sent = { key: `client-${c}-${n}`, n: c * 100_000 + n };
        try {
          const r = await call('POST', `/missions/${missionId}/events`, visit(sent.n), { 'Idempotency-Key': sent.key });
          if (r.status !== 201) throw new Error(`unexpected ${r.status}: ${JSON.stringify(r.body)}`);
          acknowledged.push({ ...sent, id: r.body.id });
        } catch (error) {
          if (!killed) throw error;
          unknown.push(sent); // the connection died with the server: the answer is lost
        }
      }
    };
    const clients = Array.from({ length: 6 }, (_, c) => worker(c));
    // Kill mid-load, once a fair number of writes went through.
    while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 20));
    killed = true;
    first.child.kill('SIGKILL');
    await first.exited;
    await Promise.all(clients);
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);

    const second = await startServer(env);
    running.push(second);
    const again = client(second.url, adminToken);
    for (const s of acknowledged) {
      const r = await again('POST', `/missions/${missionId}/events`, visit(s.n), { 'Idempotency-Key': s.key });
      expect({ key: s.key, status: r.status, id: r.body.id, replayed: r.replayed }).toEqual({
        key: s.key,
        status: 201,
        id: s.id,
        replayed: true,
      });
    }
    for (const s of unknown) {
      const r = await again('POST', `/missions/${missionId}/events`, visit(s.n), { 'Idempotency-Key': s.key });
      expect(r.status).toBe(201);
    }
    // A second re-send of everything creates nothing more.
    for (const s of unknown) {
      const r = await again('POST', `/missions/${missionId}/events`, visit(s.n), { 'Idempotency-Key': s.key });
      expect(r.replayed).toBe(true);
    }
    const list = await again('GET', `/missions/${missionId}/events?type=station_visit&limit=1`);
    expect(list.body.total).toBe(acknowledged.length + unknown.length);
  });

  it('finishes the requests in flight on SIGTERM before it exits', async () => {
    const server = await startServer(env);
    running.push(server);
    const call = client(server.url, adminToken);
    const mission = await call('POST', '/missions', missionBody());
    const rows = Array.from(
      { length: 20_000 },
      (_, i) => `${String(i % 50).padStart(2, '0')},${String(i).padStart(6, '0')},School ${i},Region ${i % 9},regular`,
    );
    const csv = `constituency,code,name,region,type\n${rows.join('\n')}\n`;
    // A slow write: a large import that takes a good while.
    const inFlight = call('POST', `/missions/${mission.body.id}/polling-stations/import`, csv);
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill('SIGTERM');
    const answer = await inFlight;
    expect({
      status: answer.status,
      body: answer.body,
      log: answer.status === 201 ? '' : server.output(),
    }).toMatchObject({
      status: 201,
      body: { created: 20_000 },
      log: '',
    });
    const exit = await server.exited;
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);

    const restarted = await startServer(env);
    running.push(restarted);
    const list = await client(restarted.url, adminToken)(
      'GET',
      `/missions/${mission.body.id}/polling-stations?limit=1`,
    );
    expect(list.body.total).toBe(20_000);
  });
});
