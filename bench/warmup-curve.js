'use strict';
/**
 * How long a fresh server takes to reach its steady ingest rate, which is what the warm-up of the
 * saturated runs must cover: the tracker and the SQLite reference, both new on empty databases,
 * each loaded in 2 s slices at 50 connections (tracker, reference, then the tracker again).
 *
 *   taskset -c 1 node bench/warmup-curve.js      (after npm run build; the servers run on core 0)
 */
const autocannon = require('autocannon');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startTracker, startReference } = require('./lib/processes');
const { prepareIngest, newAdminToken } = require('./lib/fixtures');
const S = require('./lib/settings');

const SLICE_S = 2;
const SLICES = Number(process.env.BENCH_SLICES ?? 10);

function slice(url, request) {
  return new Promise((resolve, reject) =>
    autocannon({ url, connections: S.connections, duration: SLICE_S, requests: [request] }, (e, r) =>
      e ? reject(e) : resolve(Math.round(r.requests.average)),
    ),
  );
}

async function curve(label, url, request) {
  const rates = [];
  for (let i = 0; i < SLICES; i++) rates.push(await slice(url, request));
  console.log(`${label.padEnd(22)} ${rates.map((r) => String(r).padStart(5)).join(' ')}`);
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'eom-warmup-'));
  const adminToken = newAdminToken();
  const tracker = await startTracker({
    port: 3946,
    env: { DB_TYPE: 'sqlite', DATABASE_PATH: join(dir, 'eom.sqlite'), ADMIN_TOKEN: adminToken },
  });
  const reference = await startReference({ port: 3947, file: join(dir, 'reference.sqlite') });
  try {
    const f = await prepareIngest(tracker.url, adminToken);
    let n = 0;
    const request = {
      method: 'POST',
      path: f.path,
      headers: { authorization: `Bearer ${f.token}`, 'content-type': 'application/json' },
      body: f.body,
      setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': `warmup-${n++}` } }),
    };
    console.log(`req/s in successive ${SLICE_S} s slices, ${S.connections} connections, fresh servers`);
    await curve('tracker (new)', tracker.url, request);
    await curve('reference (new)', reference.url, request);
    await curve('tracker (warm)', tracker.url, request);
  } finally {
    await tracker.stop();
    await reference.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
