'use strict';
/** Knobs shared by the benchmarks; the defaults are the figures. */
const num = (name, dflt) => (process.env[name] ? Number(process.env[name]) : dflt);

module.exports = {
  durationS: num('BENCH_DURATION', 15),
  /**
   * Long enough for a fresh server to reach its steady rate: in 2 s slices at 50 connections
   * (bench/warmup-curve.js, 2026-11-27) the tracker climbed 250, 370, 476, 576, then about 590, and
   * the SQLite reference 632, 665, 692, 916, 775, 928, then 1,125, 1,041, 995, 985 (its WAL file
   * still growing). With 3 s, each side's first slot measured part of that climb.
   */
  warmupS: num('BENCH_WARMUP', 10),
  /** Slots per side of the paired saturated ingest run (see ingest.js, pairedSaturated). */
  pairs: num('BENCH_PAIRS', 3),
  connections: num('BENCH_CONNECTIONS', 50),
  fixedRate: num('BENCH_RATE', 500),
  fixedRateConnections: num('BENCH_RATE_CONNECTIONS', 10),
  importRows: num('BENCH_IMPORT_ROWS', 100_000),
  summaryEvents: num('BENCH_SUMMARY_EVENTS', 1_000_000),
  recheckEvents: num('BENCH_RECHECK_EVENTS', 200_000),
};
