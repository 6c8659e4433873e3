'use strict';
/**
 * How long a fresh server takes to reach its steady ingest rate, which is what the warm-up of the
 * saturated runs must cover: the tracker and the SQLite reference, both new on empty databases,
 * each loaded in 2 s slices at 50 connections (tracker, reference, then the tracker again).
 *
 *   taskset -c 1 node bench/warmup-curve.js      (after npm run build; the servers run on core 0)
 */
const autocannon = require('autocannon');
const { startTrackerFor, startReferenceFor } = require('./ingest');
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
  // The ingest benchmark's own servers: new, on empty databases, the fixture in the tracker's.
  const tracker = await startTrackerFor('sqlite');
  const reference = await startReferenceFor('sqlite');
  try {
    const f = tracker.fixture;
    let n = 0;
    const request = {
      method: 'POST',
      path: f.path,
      headers: { authorization: `Bearer ${f.token}`, 'content-type': 'application/json' },
      body: f.body,
      setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': `warmup-${n++}` } }),
    };
    console.log(`req/s in successive ${SLICE_S} s slices, ${S.connections} connections, fresh servers`);
    await curve('tracker (new)', tracker.server.url, request);
    await curve('reference (new)', reference.server.url, request);
    await curve('tracker (warm)', tracker.server.url, request);
  } finally {
    await tracker.stop();
    await reference.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
