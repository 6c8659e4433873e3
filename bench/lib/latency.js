'use strict';
/**
 * Latency percentiles from the response times load.js records (`latencies: true`), as the
 * responses came. autocannon's own percentiles cannot be pooled across runs, and at a fixed rate
 * they include its coordinated-omission correction, which records made-up samples from 1 ms up to
 * each response's time (its expected interval is ceil(1 / per-connection rate) = 1 ms): in one
 * 15 s run at 500 req/s it printed p50 8 ms where the response times give 13.8 ms (p99 30 against
 * 30.1 ms).
 */

/** The q-quantile (0..1) of ascending numbers, nearest rank; null for none. */
function quantile(sorted, q) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** p50 and p99 over the response times of one run or of several pooled. */
function percentiles(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), responses: sorted.length };
}

/** A run with its p50 and p99 taken from its response times, which it then leaves out. */
function fromResponseTimes(run) {
  const { latencies, ...rest } = run;
  return latencies ? { ...rest, ...percentiles(latencies) } : run;
}

module.exports = { quantile, percentiles, fromResponseTimes };
