'use strict';
/**
 * re-check under load: the ingest p99 at 500 req/s (fixed rate) while a quality check's re-check of
 * a big mission's voting reports runs, one re-check after another for the whole slot, against the
 * same load without. Target (issue 23): the p99 with re-checks at most 50 ms. A change of a check
 * must not stall the visits coming in.
 *
 * The mission: BENCH_RECHECK_EVENTS (default 200,000) events over 5,000 stations
 * (bench/lib/big-mission.js), so one re-check walks the voting visits of every station, 100
 * stations per transaction, as src/election-events/report-flags.service.ts does.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startTracker } = require('./lib/processes');
const { API, call, createMission, newAdminToken, prepareIngest } = require('./lib/fixtures');
const { generateBigMission } = require('./lib/big-mission');
const S = require('./lib/settings');
const { rateNotKept } = require('./lib/fixed-rate');
const { quantile } = require('./lib/latency');
const { pairedWithAndWithout } = require('./summary-under-load');

const PORT = 3930;
const TARGET_P99_MS = 50;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Keeps re-checks running until stopped: changes the check's condition (every change re-checks the
 * stage), waits for the re-check to finish, and starts the next. `times` gets each re-check's length.
 */
function rechecker(url, token, missionId, check, times) {
  let running = true;
  let flip = 0;
  let version = check.version;
  const loop = (async () => {
    while (running) {
      const started = process.hrtime.bigint();
      const changed = await call(url, token, 'PATCH', `${API}/missions/${missionId}/quality-checks/${check.id}`, {
        condition: `voters_voted > ${800 + (++flip % 2)}`,
        version,
      });
      if (changed.status !== 200) throw new Error(`PATCH check: ${changed.status} ${changed.text}`);
      version = changed.body.version;
      let state = changed.body.recheck.state;
      while (state !== 'done') {
        await sleep(100);
        state = (await call(url, token, 'GET', `${API}/missions/${missionId}/quality-checks/${check.id}`)).body.recheck
          .state;
      }
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

async function recheckUnderLoad() {
  const dir = mkdtempSync(join(tmpdir(), 'eom-bench-recheck-'));
  const file = join(dir, 'eom.sqlite');
  const adminToken = newAdminToken();
  const env = { DB_TYPE: 'sqlite', DATABASE_PATH: file, ADMIN_TOKEN: adminToken };
  let server = await startTracker({ port: PORT, env });
  let big;
  try {
    big = await createMission(server.url, adminToken, 'Big mission (re-checks)');
  } finally {
    await server.stop();
  }
  const genStarted = Date.now();
  await generateBigMission(file, big.id, { events: S.recheckEvents });
  const genSeconds = (Date.now() - genStarted) / 1000;
  server = await startTracker({ port: PORT, env });
  try {
    const created = await call(server.url, adminToken, 'POST', `${API}/missions/${big.id}/quality-checks`, {
      stage: 'voting',
      name: 'Bench: high count',
      severity: 'warning',
      condition: 'voters_voted > 800',
    });
    if (created.status !== 201) throw new Error(`POST check: ${created.status} ${created.text}`);
    const fixture = await prepareIngest(server.url, adminToken);
    const cfg = {
      url: server.url,
      path: fixture.path,
      body: fixture.body,
      headers: { authorization: `Bearer ${fixture.token}` },
      connections: S.fixedRateConnections,
      overallRate: S.fixedRate,
      durationS: S.durationS,
      warmupS: S.warmupS,
    };
    // The first re-check (of the check just made) runs before the measured slots.
    let check = created.body;
    while (check.recheck.state !== 'done') {
      await sleep(200);
      check = (await call(server.url, adminToken, 'GET', `${API}/missions/${big.id}/quality-checks/${check.id}`)).body;
    }
    const rechecks = [];
    const { quiet, loaded } = await pairedWithAndWithout(cfg, () => {
      const r = rechecker(server.url, adminToken, big.id, check, rechecks);
      return {
        stop: async () => {
          await r.stop();
          check = (await call(server.url, adminToken, 'GET', `${API}/missions/${big.id}/quality-checks/${check.id}`)).body;
        },
      };
    });
    const sorted = [...rechecks].sort((a, b) => a - b);
    const fails = [];
    if (loaded.p99 > TARGET_P99_MS) fails.push(`p99 ${loaded.p99.toFixed(1)} ms > ${TARGET_P99_MS} ms`);
    if (!rechecks.length) fails.push('no re-check finished during the loaded slots');
    for (const [name, run] of [
      ['without re-checks', quiet],
      ['with re-checks', loaded],
    ]) {
      const shortfall = rateNotKept(run);
      if (shortfall) fails.push(`${name}: ${shortfall}`);
    }
    const label = `ingest ${S.fixedRate}/s + re-checks`;
    return {
      note: `${S.recheckEvents} events generated in ${genSeconds.toFixed(0)} s; ${rechecks.length} re-checks, median ${quantile(sorted, 0.5)?.toFixed(0)} ms; ${fixture.note}`,
      rows: [
        { benchmark: label, target: 'without re-checks', reqPerSec: quiet.reqPerSec, p50: quiet.p50, p99: quiet.p99, non2xx: quiet.non2xx + quiet.errors + quiet.timeouts },
        {
          benchmark: label,
          target: 'with re-checks',
          reqPerSec: loaded.reqPerSec,
          p50: loaded.p50,
          p99: loaded.p99,
          non2xx: loaded.non2xx + loaded.errors + loaded.timeouts,
          peakMemoryMb: server.peakMemoryMb(),
          verdict: `${fails.length ? 'FAIL: ' + fails.join(', ') : 'ok'} (p99 ${loaded.p99.toFixed(1)} ms with, ${quiet.p99.toFixed(1)} ms without; ${rechecks.length} re-checks of a median ${quantile(sorted, 0.5)?.toFixed(0)} ms)`,
        },
      ],
      raw: { quiet, loaded, rechecks, genSeconds },
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { recheckUnderLoad };
