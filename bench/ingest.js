'use strict';
/**
 * ingest: station visits with 12 answers and an Idempotency-Key each, 50 connections, against the
 * tracker (SQLite, and PostgreSQL when it is reachable) and the reference server; then the same at
 * a fixed 500 req/s with 10 connections for the latency target. After each tracker run, the rows
 * stored are counted in the database and compared with the 2xx answers the client counted.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startTracker, startReference, runLoad } = require('./lib/processes');
const { prepareIngest, newAdminToken } = require('./lib/fixtures');
const { countRows, createPgDatabase, pgAvailable } = require('./lib/db');
const S = require('./lib/settings');
const { rateNotKept } = require('./lib/fixed-rate');
const { fromResponseTimes } = require('./lib/latency');
const { alternate, combineSlots } = require('./lib/slots');

const PORT = 3900;
const REF_PORT = 3901;
const PG_REF_PORT = 3902;

/**
 * autocannon stops at the deadline without waiting for the requests still in flight: the server
 * may store those although the client never saw the answer (a client that gave up). So the check
 * is: every 2xx is stored, and nothing beyond what was sent: 2xx <= stored <= sent.
 */
function reconcile(stored, r) {
  const runs = [r.warmup, r.measured].filter(Boolean);
  const acknowledged = runs.reduce((n, x) => n + x.ok2xx, 0);
  const sent = runs.reduce((n, x) => n + x.sent, 0);
  return { stored, acknowledged, sent, storedMatches: stored >= acknowledged && stored <= sent };
}

function loads(url, fixture) {
  const common = {
    url,
    path: fixture.path,
    body: fixture.body,
    headers: { authorization: `Bearer ${fixture.token}` },
  };
  return {
    saturated: { ...common, connections: S.connections, durationS: S.durationS, warmupS: S.warmupS },
    fixed: {
      ...common,
      connections: S.fixedRateConnections,
      durationS: S.durationS,
      warmupS: S.warmupS,
      overallRate: S.fixedRate,
      // p50 and p99 from the response times (lib/latency.js), for the tracker and the references.
      latencies: true,
    },
  };
}

/** A tracker on `engine` with a database of its own, and the ingest fixture in it. */
async function startTrackerFor(engine) {
  const dir = mkdtempSync(join(tmpdir(), 'eom-bench-'));
  const pg = engine === 'postgres' ? await createPgDatabase() : null;
  const target = pg ? { type: 'postgres', url: pg.url } : { type: 'sqlite', file: join(dir, 'eom.sqlite') };
  const adminToken = newAdminToken();
  const cleanup = async () => {
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  let server;
  try {
    server = await startTracker({
      port: PORT,
      env: pg
        ? { DB_TYPE: 'postgres', DATABASE_URL: pg.url, ADMIN_TOKEN: adminToken }
        : { DB_TYPE: 'sqlite', DATABASE_PATH: target.file, ADMIN_TOKEN: adminToken },
    });
    const fixture = await prepareIngest(server.url, adminToken);
    const where = fixture.mode === 'station_visit' ? "WHERE type = 'station_visit'" : '';
    return {
      server,
      fixture,
      count: () => countRows(target, fixture.table, where),
      stop: async () => {
        await server.stop();
        await cleanup();
      },
    };
  } catch (error) {
    await server?.stop();
    await cleanup();
    throw error;
  }
}

/** The reference server on SQLite, or with `engine` 'postgres' on a database of its own. */
async function startReferenceFor(engine = 'sqlite') {
  const dir = mkdtempSync(join(tmpdir(), 'eom-bench-ref-'));
  const pg = engine === 'postgres' ? await createPgDatabase() : null;
  const target = pg ? { type: 'postgres', url: pg.url } : { type: 'sqlite', file: join(dir, 'reference.sqlite') };
  const server = await startReference({
    port: engine === 'postgres' ? PG_REF_PORT : REF_PORT,
    file: pg ? pg.url : target.file,
  });
  return {
    server,
    count: () => countRows(target, 'visits'),
    stop: async () => {
      await server.stop();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One load on one running server, its rows counted before and after. */
async function measure(side, cfg) {
  const before = await side.count();
  const r = await runLoad(cfg);
  const after = await side.count();
  return { ...fromResponseTimes(r.measured), ...reconcile(after - before, r) };
}

/**
 * The saturated load on the tracker and on the reference in alternating slots (reference, tracker,
 * tracker, reference, ...), both servers up throughout and each loaded only in its own slots. The
 * ratio then compares the two over the same minutes. Measured one after the other, it was at the
 * mercy of this machine's drift: the reference is bound by its fsync per request and the tracker by
 * CPU, and the reference alone ran at 936 to 5,142 req/s in one day, 1,007 to 2,623 within an hour.
 *
 * Each side gets its warm-up in its first slot and S.durationS seconds in all. req/s is the
 * time-weighted mean of the slots; p50 the median of the slots' p50; p99 the highest slot p99.
 */
async function pairedSaturated(tracker, reference) {
  const sides = { tracker, reference };
  const counted = {};
  for (const name of Object.keys(sides)) counted[name] = { before: await sides[name].count(), ok: 0, sent: 0 };
  const measured = await alternate('reference', 'tracker', async (name, slot) => {
    const r = await runLoad({
      ...loads(sides[name].server.url, tracker.fixture).saturated,
      durationS: slot.durationS,
      warmupS: slot.firstOfSide ? S.warmupS : 0,
    });
    for (const run of [r.warmup, r.measured].filter(Boolean)) {
      counted[name].ok += run.ok2xx;
      counted[name].sent += run.sent;
    }
    return r.measured;
  });
  const out = {};
  for (const [name, side] of Object.entries(sides)) {
    const slots = measured[name];
    const stored = (await side.count()) - counted[name].before;
    const p50s = slots.map((x) => x.p50).sort((a, b) => a - b);
    out[name] = {
      ...combineSlots(slots),
      p50: p50s[Math.floor((p50s.length - 1) / 2)],
      p99: Math.max(...slots.map((x) => x.p99)),
      slots: slots.map((x) => x.reqPerSec),
      stored,
      acknowledged: counted[name].ok,
      sent: counted[name].sent,
      storedMatches: stored >= counted[name].ok && stored <= counted[name].sent,
    };
  }
  return out;
}

/** Each slot's ratio, tracker over reference, in the order they ran (the pairs' spread). */
function slotRatios(paired) {
  return paired.tracker.slots.map((t, i) => `${(t / paired.reference.slots[i]).toFixed(2)}x`).join(' ');
}

/**
 * The tracker on `engine`: its saturated run paired with the (SQLite) reference, then its run at
 * the fixed rate.
 */
async function trackerRuns(engine, reference) {
  const tracker = await startTrackerFor(engine);
  try {
    const paired = await pairedSaturated(tracker, reference);
    const fixed = await measure(tracker, loads(tracker.server.url, tracker.fixture).fixed);
    return {
      fixture: tracker.fixture,
      runs: { saturated: paired.tracker, fixed },
      reference: paired.reference,
      peakMemoryMb: tracker.server.peakMemoryMb(),
    };
  } finally {
    await tracker.stop();
  }
}

/** A reference started for its own runs, both loads (the PostgreSQL one, which is not paired). */
async function referenceRuns(fixture, engine = 'sqlite') {
  const reference = await startReferenceFor(engine);
  try {
    const out = {};
    for (const [name, cfg] of Object.entries(loads(reference.server.url, fixture))) {
      out[name] = await measure(reference, cfg);
    }
    return { runs: out, peakMemoryMb: reference.server.peakMemoryMb() };
  } finally {
    await reference.stop();
  }
}

function row(name, target, run, mem, ref, extra = {}) {
  return {
    benchmark: name,
    target,
    reqPerSec: run.reqPerSec,
    p50: run.p50,
    p99: run.p99,
    non2xx: run.non2xx + run.errors + run.timeouts,
    peakMemoryMb: mem,
    ratio: ref ? run.reqPerSec / ref.reqPerSec : null,
    stored: run.stored,
    acknowledged: run.acknowledged,
    sent: run.sent,
    ...extra,
  };
}

async function ingest() {
  const reference = await startReferenceFor('sqlite');
  const rows = [];
  let sqlite;
  try {
    sqlite = await trackerRuns('sqlite', reference);
    const refFixed = await measure(reference, loads(reference.server.url, sqlite.fixture).fixed);
    const check = (run, p99Limit) => {
      const fails = [];
      if (!run.storedMatches) fails.push(`stored ${run.stored} outside [2xx ${run.acknowledged}, sent ${run.sent}]`);
      if (run.non2xx + run.errors + run.timeouts > 0) fails.push('non-2xx');
      if (p99Limit && run.p99 >= p99Limit) fails.push(`p99 >= ${p99Limit} ms`);
      const shortfall = p99Limit ? rateNotKept(run) : null;
      if (shortfall) fails.push(shortfall);
      return fails;
    };
    /** The saturated rows of a tracker run and the reference measured in the slots beside it. */
    const saturatedRows = (label, run, note = '') => {
      const sat = run.runs.saturated;
      const fails = check(sat);
      if (sat.reqPerSec < 0.5 * run.reference.reqPerSec) fails.push('< 0.5x reference');
      rows.push(
        row('ingest 50 conn', `reference (beside ${label})`, run.reference, reference.server.peakMemoryMb(), null),
      );
      rows.push(
        row('ingest 50 conn', `tracker ${label}`, sat, run.peakMemoryMb, run.reference, {
          verdict:
            `${fails.length ? `FAIL: ${fails.join(', ')}` : 'ok (>= 0.5x ref, 0 non-2xx, stored == 2xx)'}` +
            `; slots ${slotRatios({ tracker: sat, reference: run.reference })}${note}`,
        }),
      );
    };
    saturatedRows('sqlite', sqlite);
    rows.push(row(`ingest ${S.fixedRate}/s`, 'reference', refFixed, reference.server.peakMemoryMb(), null));
    const fixFails = check(sqlite.runs.fixed, 50);
    rows.push(
      row(`ingest ${S.fixedRate}/s`, 'tracker sqlite', sqlite.runs.fixed, sqlite.peakMemoryMb, refFixed, {
        verdict: fixFails.length ? `FAIL: ${fixFails.join(', ')}` : `ok (${S.fixedRate}/s kept, p99 < 50 ms)`,
      }),
    );
    if (process.env.BENCH_PG !== '0' && (await pgAvailable())) {
      const pg = await trackerRuns('postgres', reference);
      // Not the issue's yardstick (that is the SQLite reference, paired above), but what PostgreSQL
      // itself allows here: one INSERT per request on a pool of 10, sharing the cores as the tracker
      // does; measured after the tracker, not paired.
      const pgRef = await referenceRuns(sqlite.fixture, 'postgres');
      const ofPg = (name) => (pg.runs[name].reqPerSec / pgRef.runs[name].reqPerSec).toFixed(2);
      rows.push(row('ingest 50 conn', 'reference postgres', pgRef.runs.saturated, pgRef.peakMemoryMb, null));
      saturatedRows('postgres', pg, `; ${ofPg('saturated')}x the PostgreSQL reference`);
      const fails = check(pg.runs.fixed, 50);
      rows.push(row(`ingest ${S.fixedRate}/s`, 'reference postgres', pgRef.runs.fixed, pgRef.peakMemoryMb, null));
      rows.push(
        row(`ingest ${S.fixedRate}/s`, 'tracker postgres', pg.runs.fixed, pg.peakMemoryMb, pgRef.runs.fixed, {
          verdict: `${fails.length ? `FAIL: ${fails.join(', ')}` : `ok (${S.fixedRate}/s kept, p99 < 50 ms)`}`,
        }),
      );
    }
  } finally {
    await reference.stop();
  }
  return { rows, note: sqlite.fixture.note, raw: { sqlite } };
}

module.exports = { ingest, trackerRuns, referenceRuns, startTrackerFor, startReferenceFor };
