'use strict';
/**
 * The load generator, run as its own process on its own core (see processes.js). Reads a config
 * from stdin, runs a warm-up and then the measured autocannon run, prints one JSON result.
 * Every request gets an Idempotency-Key of its own, as a retrying mobile client would send.
 */
const autocannon = require('autocannon');
const { randomUUID } = require('node:crypto');

function once(opts) {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

function summarize(r) {
  return {
    requests: r.requests.total,
    sent: r.requests.sent,
    reqPerSec: r.requests.average,
    ok2xx: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    durationS: r.duration,
    statusCodes: r.statusCodeStats,
  };
}

async function main() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  const cfg = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const runId = randomUUID().slice(0, 8);
  let n = 0;
  const base = {
    url: cfg.url,
    connections: cfg.connections,
    pipelining: 1,
    timeout: 30,
    requests: [
      {
        method: cfg.method ?? 'POST',
        path: cfg.path,
        headers: { 'content-type': 'application/json', ...(cfg.headers ?? {}) },
        body: cfg.body,
        setupRequest: (req) => {
          req.headers = { ...req.headers, 'idempotency-key': `${runId}-${n++}` };
          return req;
        },
      },
    ],
  };
  const warmup = cfg.warmupS ? summarize(await once({ ...base, duration: cfg.warmupS })) : null;
  const measured = summarize(
    await once({ ...base, duration: cfg.durationS, ...(cfg.overallRate ? { overallRate: cfg.overallRate } : {}) }),
  );
  process.stdout.write(JSON.stringify({ warmup, measured }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
