'use strict';
/** Knobs shared by the benchmarks; the defaults are the figures. */
const num = (name, dflt) => (process.env[name] ? Number(process.env[name]) : dflt);

module.exports = {
  durationS: num('BENCH_DURATION', 15),
  warmupS: num('BENCH_WARMUP', 3),
  /** Slots per side of the paired saturated ingest run (see ingest.js, pairedSaturated). */
  pairs: num('BENCH_PAIRS', 3),
  connections: num('BENCH_CONNECTIONS', 50),
  fixedRate: num('BENCH_RATE', 500),
  fixedRateConnections: num('BENCH_RATE_CONNECTIONS', 10),
  importRows: num('BENCH_IMPORT_ROWS', 100_000),
  summaryEvents: num('BENCH_SUMMARY_EVENTS', 1_000_000),
};
