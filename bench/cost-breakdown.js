'use strict';
/**
 * Where a visit's CPU goes: the server's CPU time per request (user + system, from /proc, so the
 * SQLite work on the driver's threads counts too) for requests that do more and more of a visit's
 * work, each at 50 connections for BENCH_DURATION seconds (default 6). Differences between rows
 * attribute the cost: the framework (an authenticated GET), a meeting without and with an
 * Idempotency-Key, and a station visit with 12 answers without and with one.
 *
 *   taskset -c 1 node bench/cost-breakdown.js      (after npm run build; the server runs on core 0)
 *
 * The machine's own noise shows in repeated rows: compare rows of one run only.
 */
const autocannon = require('autocannon');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startTracker } = require('./lib/processes');
const { prepareIngest, newAdminToken } = require('./lib/fixtures');

const DURATION = Number(process.env.BENCH_DURATION ?? 6);

function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
}

function load(url, request) {
  return new Promise((resolve, reject) =>
    autocannon({ url, connections: 50, duration: DURATION, requests: [request] }, (e, r) =>
      e ? reject(e) : resolve(r),
    ),
  );
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'eom-cost-'));
  const adminToken = newAdminToken();
  const server = await startTracker({
    port: 3930,
    env: { DB_TYPE: 'sqlite', DATABASE_PATH: join(dir, 'eom.sqlite'), ADMIN_TOKEN: adminToken },
  });
  try {
    const f = await prepareIngest(server.url, adminToken);
    const headers = { authorization: `Bearer ${f.token}`, 'content-type': 'application/json' };
    const visit = JSON.parse(f.body);
    const meeting = JSON.stringify({ type: 'meeting', occurredAt: visit.occurredAt, title: 'Meeting' });
    let n = 0;
    const keyed = (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': `cost-${Date.now()}-${n++}` } });
    const post = (body, withKey) => ({ method: 'POST', headers, body, ...(withKey ? { setupRequest: keyed } : {}) });
    const rows = [
      ['GET /api/v1/me (framework, auth)', '/api/v1/me', { method: 'GET', headers }],
      ['meeting, no key', f.path, post(meeting, false)],
      ['meeting, Idempotency-Key', f.path, post(meeting, true)],
      ['visit (12 answers), no key', f.path, post(f.body, false)],
      ['visit (12 answers), Idempotency-Key', f.path, post(f.body, true)],
      ['GET /api/v1/me (again)', '/api/v1/me', { method: 'GET', headers }],
    ];
    console.log(`${'request'.padEnd(38)} ${'req/s'.padStart(7)} ${'CPU us/req'.padStart(10)} non-2xx`);
    for (const [name, path, request] of rows) {
      const before = cpuMs(server.pid);
      const r = await load(`${server.url}${path}`, request);
      const us = ((cpuMs(server.pid) - before) * 1000) / r.requests.total;
      console.log(
        `${name.padEnd(38)} ${String(Math.round(r.requests.average)).padStart(7)} ${us.toFixed(0).padStart(10)} ${r.non2xx}`,
      );
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
