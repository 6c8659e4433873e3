'use strict';
/**
 * `npm run bench:summary`: the mission summary on a big generated mission.
 *
 * Generates into a temporary SQLite file (schema from the real migrations, rows by multi-row
 * prepared INSERTs inside large transactions through the sqlite3 package):
 *   1 mission, 6,500 polling stations (12 regions, coordinates), 100 teams, 1,000 observers,
 *   1,000,000 events = 960,000 station visits (opening 15%, voting 55%, closing 15%, counting 15%),
 *   38,000 incidents, 2,000 contact events (meetings, briefings, press conferences, statements);
 *   4 checklist answers on every 4th visit (960,000 answer rows); 3,000 deployments.
 * Then starts the built server (node dist/src/main.js) on that file, asks for the JSON summary
 * several times, each after an audited change so it is computed afresh (median and max), once more
 * with no change (the kept summary), times one full scan of the events table through sqlite3 as the
 * reference, and reads the server's peak memory (VmHWM). Targets: summary <= 1 s, memory < 300 MB.
 *
 * BENCH_SKIP_BUILD=1 reuses dist/; BENCH_RUNS (default 7) summary requests; BENCH_KEEP=1 keeps the file.
 * BENCH_SUMMARY_DB=<file> generates into that file once and reuses it on later runs (it is kept;
 * the server brings its schema up to date with the migrations it runs at start).
 */
const { execSync, spawn } = require('node:child_process');
const { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');
const net = require('node:net');
const { START_NODE_ARGS } = require('./lib/processes');

const ROOT = join(__dirname, '..');
const STATIONS = 6500;
const OBSERVERS = 1000;
const TEAMS = 100;
const VISITS = 960_000;
const INCIDENTS = 38_000;
const CONTACTS = 2_000;
const DEPLOYMENTS = 3_000;
const ANSWER_EVERY = 4;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

// Deterministic data: the same mission every run.
// mulberry32: an LCG computed in doubles loses precision and repeats early.
let seed = 20240207;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
};
const pick = (items) => items[Math.floor(rand() * items.length)];
const weighted = (pairs) => {
  let r = rand() * pairs.reduce((s, [, w]) => s + w, 0);
  for (const [value, w] of pairs) if ((r -= w) < 0) return value;
  return pairs[pairs.length - 1][0];
};
const stamp = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

function open(sqlite3, file) {
  return new Promise((ok, fail) => {
    const db = new sqlite3.Database(file, (err) => (err ? fail(err) : ok(db)));
  });
}
const run = (db, sql, params = []) =>
  new Promise((ok, fail) =>
    db.run(sql, params, function (err) {
      err ? fail(err) : ok(this);
    }),
  );
const all = (db, sql, params = []) =>
  new Promise((ok, fail) => db.all(sql, params, (err, rows) => (err ? fail(err) : ok(rows))));

/** Inserts `count` rows made by `row(i)` with statements of 100 rows, committing every 50,000. */
async function bulkInsert(db, table, columns, count, row) {
  const per = 100;
  const one = `(${columns.map(() => '?').join(',')})`;
  const sql = (n) =>
    `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${Array(n).fill(one).join(',')}`;
  const full = db.prepare(sql(per));
  await run(db, 'BEGIN');
  for (let start = 0; start < count; start += per) {
    const n = Math.min(per, count - start);
    const values = [];
    for (let i = start; i < start + n; i++) values.push(...row(i));
    if (n === per) await new Promise((ok, fail) => full.run(values, (err) => (err ? fail(err) : ok())));
    else await run(db, sql(n), values);
    if ((start + n) % 50_000 === 0) {
      await run(db, 'COMMIT');
      await run(db, 'BEGIN');
    }
  }
  await run(db, 'COMMIT');
  await new Promise((ok) => full.finalize(ok));
}

async function migrate(file) {
  process.env.DB_TYPE = 'sqlite';
  const { DataSource } = require(join(ROOT, 'node_modules', 'typeorm'));
  const { buildDataSourceOptions } = require(join(ROOT, 'dist', 'src', 'database', 'database.options'));
  const ds = new DataSource(buildDataSourceOptions({ DB_TYPE: 'sqlite', DATABASE_PATH: file }));
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
}

async function generate(file) {
  const sqlite3 = require(join(ROOT, 'node_modules', 'sqlite3'));
  await migrate(file);
  const db = await open(sqlite3, file);
  await run(db, 'PRAGMA journal_mode = WAL');
  await run(db, 'PRAGMA synchronous = OFF');
  // Bulk-load practice: drop the secondary indices the migrations made, load, then build them
  // again from the same SQL (one sort each instead of a million random index inserts).
  const indices = await all(
    db,
    `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
       AND tbl_name IN ('election_events', 'event_answers', 'polling_stations', 'observers', 'deployments')`,
  );
  for (const { name } of indices) await run(db, `DROP INDEX "${name}"`);
  const now = stamp(Date.parse('2024-01-20T00:00:00Z'));
  const tracked = [now, now, 1];
  const TRACKED = ['createdAt', 'updatedAt', 'version'];

  await run(
    db,
    `INSERT INTO missions (id, "createdAt", "updatedAt", version, name, organization, kind, "hostCountry", "electionName",
       "electionType", "electionDate", "startDate", "endDate", timezone, status)
     VALUES (1, ?, ?, 1, 'Benchmark mission', 'Bench', 'eom', 'AL', 'Parliamentary elections', 'parliamentary',
       '2024-02-07', '2024-01-15', '2024-02-20', 'Europe/Tirane', 'active')`,
    [now, now],
  );
  const regions = [
    'Berat',
    'Diber',
    'Durres',
    'Elbasan',
    'Fier',
    'Gjirokaster',
    'Korce',
    'Kukes',
    'Lezhe',
    'Shkoder',
    'Tirane',
    'Vlore',
  ];
  await bulkInsert(
    db,
    'polling_stations',
    [
      ...TRACKED,
      'missionId',
      'constituencyCode',
      'code',
      'name',
      'region',
      'latitude',
      'longitude',
      'registeredVoters',
      'type',
      'tags',
    ],
    STATIONS,
    (i) => [
      ...tracked,
      1,
      '',
      String(i + 1),
      `Station ${i + 1}`,
      regions[i % regions.length],
      39.6 + rand() * 3,
      19.3 + rand() * 1.8,
      300 + Math.floor(rand() * 900),
      weighted([
        ['regular', 95],
        ['special', 3],
        ['military', 2],
      ]),
      i % 10 === 0 ? '["urban"]' : '[]',
    ],
  );
  await bulkInsert(db, 'teams', [...TRACKED, 'missionId', 'code', 'area'], TEAMS, (i) => [
    ...tracked,
    1,
    `T${i + 1}`,
    regions[i % 12],
  ]);
  await bulkInsert(
    db,
    'observers',
    [
      ...TRACKED,
      'missionId',
      'fullName',
      'role',
      'nationality',
      'gender',
      'languages',
      'teamId',
      'accreditationStatus',
      'email',
      'phone',
    ],
    OBSERVERS,
    (i) => [
      ...tracked,
      1,
      `Observer ${i + 1}`,
      i < 30 ? 'core_team' : i < 130 ? 'lto' : 'sto',
      pick(['DE', 'FR', 'GB', 'PL', 'SE', 'US']),
      pick(['female', 'male']),
      '["en"]',
      (i % TEAMS) + 1,
      'accredited',
      `observer${i}@example.org`,
      `+355 69 000 ${i}`,
    ],
  );

  const day = Date.parse('2024-02-07T05:00:00Z');
  const stages = [
    ['opening', 15],
    ['voting', 55],
    ['closing', 15],
    ['counting', 15],
  ];
  const offsets = { opening: 0, voting: 3 * 3600e3, closing: 14 * 3600e3, counting: 15 * 3600e3 };
  const assessments = [
    ['very_good', 50],
    ['good', 35],
    ['bad', 8],
    ['very_bad', 2],
    ['not_applicable', 5],
  ];
  const categories = [
    'intimidation',
    'vote_buying',
    'ballot_stuffing',
    'multiple_voting',
    'secrecy_violation',
    'procedural',
    'other',
  ];
  const contactTypes = ['meeting', 'briefing', 'press_conference', 'statement'];
  const EVENT_COLUMNS = [
    ...TRACKED,
    'missionId',
    'type',
    'occurredAt',
    'title',
    'pollingStationId',
    'stage',
    'overallAssessment',
    'votersVoted',
    'category',
    'severity',
    'status',
    'counterpart',
  ];
  const total = VISITS + INCIDENTS + CONTACTS;
  // Event ids follow insertion order from 1; answers copy their visit's stage.
  const visitStages = new Array(VISITS);
  const started = Date.now();
  await bulkInsert(db, 'election_events', EVENT_COLUMNS, total, (i) => {
    if (i < VISITS) {
      const stage = weighted(stages);
      visitStages[i] = stage;
      const station = 1 + Math.floor(rand() * STATIONS);
      const at = stamp(day + offsets[stage] + Math.floor(rand() * 3 * 3600e3));
      const voted = stage === 'voting' || stage === 'closing' ? Math.floor(rand() * 300) : null;
      return [
        ...tracked,
        1,
        'station_visit',
        at,
        `Visit ${stage}`,
        station,
        stage,
        weighted(assessments),
        voted,
        null,
        null,
        null,
        null,
      ];
    }
    if (i < VISITS + INCIDENTS) {
      const at = stamp(day + Math.floor(rand() * 16 * 3600e3));
      return [
        ...tracked,
        1,
        'incident',
        at,
        'Incident report',
        1 + Math.floor(rand() * STATIONS),
        null,
        null,
        null,
        pick(categories),
        pick(['low', 'medium', 'high', 'critical']),
        pick(['reported', 'verified', 'dismissed']),
        null,
      ];
    }
    const at = stamp(Date.parse('2024-01-16T08:00:00Z') + Math.floor(rand() * 34 * 86400e3));
    return [
      ...tracked,
      1,
      pick(contactTypes),
      at,
      'Meeting with stakeholders',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      'CEC',
    ];
  });
  const eventsSeconds = (Date.now() - started) / 1000;

  const questions = ['boxSealed', 'secrecy', 'queue', 'materials'];
  const answered = Math.floor(VISITS / ANSWER_EVERY);
  await bulkInsert(
    db,
    'event_answers',
    ['eventId', 'missionId', 'stage', 'questionCode', 'value', 'negative'],
    answered * 4,
    (i) => {
      const eventId = Math.floor(i / 4) * ANSWER_EVERY + 1;
      const stage = visitStages[eventId - 1];
      const value = weighted([
        ['yes', 85],
        ['no', 10],
        [null, 5],
      ]);
      return [eventId, 1, stage, questions[i % 4], value, value === 'no' ? 1 : 0];
    },
  );
  await bulkInsert(
    db,
    'deployments',
    [...TRACKED, 'missionId', 'teamId', 'pollingStationId', 'stages', 'startsAt', 'endsAt', 'status'],
    DEPLOYMENTS,
    (i) => [
      ...tracked,
      1,
      (i % TEAMS) + 1,
      1 + Math.floor(rand() * STATIONS),
      '["opening","voting"]',
      stamp(day - 3600e3),
      stamp(day + 16 * 3600e3),
      i % 20 === 0 ? 'cancelled' : 'done',
    ],
  );
  for (const { sql } of indices) await run(db, sql);
  // No ANALYZE: the server never runs it either, so the planner sees what production sees.
  await run(db, 'PRAGMA wal_checkpoint(TRUNCATE)');
  await new Promise((ok) => db.close(ok));
  return { eventsSeconds, answers: answered * 4 };
}

/** One full scan of the events table, the yardstick the summary's time is set against. */
async function referenceScan(file) {
  const sqlite3 = require(join(ROOT, 'node_modules', 'sqlite3'));
  const db = await open(sqlite3, file);
  const times = [];
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    await all(db, 'SELECT COUNT(*) AS n, SUM(length(title)) AS chars FROM election_events');
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  await new Promise((ok) => db.close(ok));
  return median(times);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

function freePort() {
  return new Promise((ok) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

function peakMemoryMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

async function startServer(file, port, token) {
  const child = spawn(process.execPath, [...START_NODE_ARGS, join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DB_TYPE: 'sqlite',
      DATABASE_PATH: file,
      SEED_SAMPLE: 'false',
      PORT: String(port),
      ADMIN_TOKEN: token,
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error('server did not become healthy in 60 s');
}

async function timedGet(url, token) {
  const t0 = process.hrtime.bigint();
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  const body = await res.text();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!res.ok) throw new Error(`${url}: ${res.status} ${body.slice(0, 200)}`);
  return { ms, body };
}

async function main() {
  if (!process.env.BENCH_SKIP_BUILD) execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });
  const reused = process.env.BENCH_SUMMARY_DB;
  const dir = reused ? undefined : mkdtempSync(join(tmpdir(), 'eom-bench-summary-'));
  const file = reused ?? join(dir, 'bench.sqlite');
  let server;
  try {
    const t0 = Date.now();
    const generated = reused && existsSync(file) ? { answers: (VISITS / ANSWER_EVERY) * 4 } : await generate(file);
    if (generated.eventsSeconds === undefined) console.log(`reusing ${file}`);
    else
      console.log(
        `generated ${STATIONS} stations, ${OBSERVERS} observers, ${VISITS + INCIDENTS + CONTACTS} events ` +
          `(${generated.answers} answers) in ${((Date.now() - t0) / 1000).toFixed(1)} s (events ${generated.eventsSeconds.toFixed(1)} s)`,
      );
    const scanMs = await referenceScan(file);
    const token = `bench-${randomBytes(18).toString('base64url')}`;
    const port = await freePort();
    server = await startServer(file, port, token);
    const url = `http://127.0.0.1:${port}/api/v1/missions/1/summary`;

    const first = await timedGet(url, token);
    const summary = JSON.parse(first.body);
    if (summary.observers.total !== OBSERVERS || summary.stations.total !== STATIONS) {
      throw new Error(`unexpected summary: ${first.body.slice(0, 300)}`);
    }
    // The server keeps a summary until the mission changes: an audited change (a new team) before
    // each request makes every timed one a computation, as on a night when reports keep coming.
    const change = async (i) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/missions/1/teams`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ code: `bench-${Date.now()}-${i}` }),
      });
      if (res.status !== 201) throw new Error(`creating a team: ${res.status} ${await res.text()}`);
    };
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      await change(i);
      times.push((await timedGet(url, token)).ms);
    }
    const cached = await timedGet(url, token);
    await change(RUNS);
    const html = await timedGet(`${url}?format=html`, token);
    const filtered = await timedGet(`${url}?region=Tirane&from=2024-02-07T00:00:00Z&to=2024-02-07T23:59:59Z`, token);
    const peak = peakMemoryMb(server.pid);

    const result = {
      benchmark: 'summary',
      stations: STATIONS,
      observers: OBSERVERS,
      events: VISITS + INCIDENTS + CONTACTS,
      answers: generated.answers,
      firstMs: first.ms,
      medianMs: median(times),
      maxMs: Math.max(...times),
      cachedMs: cached.ms,
      htmlMs: html.ms,
      filteredMs: filtered.ms,
      fullScanMs: scanMs,
      ratio: median(times) / scanMs,
      peakMemoryMb: peak,
      verdict: median(times) <= 1000 && peak < 300 ? 'PASS' : 'FAIL',
    };
    console.log(
      [
        `summary JSON: first ${result.firstMs.toFixed(0)} ms, median ${result.medianMs.toFixed(0)} ms, max ${result.maxMs.toFixed(0)} ms over ${RUNS} runs (target <= 1000 ms)`,
        `summary HTML: ${result.htmlMs.toFixed(0)} ms; filtered (region + day): ${result.filteredMs.toFixed(0)} ms; ` +
          `again with no change in between (kept summary): ${result.cachedMs.toFixed(1)} ms`,
        `reference full scan of election_events: ${result.fullScanMs.toFixed(0)} ms; summary/scan = ${result.ratio.toFixed(2)}x`,
        `server peak memory (VmHWM): ${result.peakMemoryMb.toFixed(0)} MB (target < 300 MB)`,
        `verdict: ${result.verdict}`,
      ].join('\n'),
    );
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results', 'summary.json'), JSON.stringify(result, null, 2) + '\n');
    return result;
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    if (dir && !process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${file}`);
  }
}

module.exports = { summaryBenchmark: main };

if (require.main === module) {
  main().then(
    (r) => process.exit(r.verdict === 'PASS' ? 0 : 1),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
