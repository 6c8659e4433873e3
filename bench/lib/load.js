'use strict';
/**
 * The load generator, run as its own process on its own core (see processes.js). Reads a config
 * from stdin, runs a warm-up and then the measured autocannon run, prints one JSON result.
 * Every request gets an Idempotency-Key of its own, as a retrying mobile client would send.
 */
const autocannon = require('autocannon');
const { randomUUID } = require('node:crypto');

/**
 * One autocannon run. With `latencies`, also every response's time in ms as it came: autocannon's
 * own percentiles cannot be pooled across runs, and at a fixed rate they include its
 * coordinated-omission correction, which adds made-up samples between 1 ms and each response's time.
 */
function once(opts, latencies = null) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    if (latencies) instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
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
  const latencies = cfg.latencies ? [] : null;
  const measured = summarize(
    await once(
      { ...base, duration: cfg.durationS, ...(cfg.overallRate ? { overallRate: cfg.overallRate } : {}) },
      latencies,
    ),
  );
  if (latencies) measured.latencies = latencies;
  process.stdout.write(JSON.stringify({ warmup, measured }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
