'use strict';
const S = require('./settings');

/**
 * Share of the fixed rate a run must reach for its latency to count. autocannon's overallRate is a
 * ceiling: a server that falls behind simply gets fewer requests, each answered quickly, so a p99
 * alone says nothing about a rate the server did not carry. autocannon's per-second mean falls a
 * little short of the asked rate even on an idle server (its first and last seconds are partial),
 * so the bar is just below 1.
 */
const FIXED_RATE_KEPT = 0.98;

/** Why a fixed-rate run does not count, or null when it kept the rate. */
function rateNotKept(run) {
  return run.reqPerSec < FIXED_RATE_KEPT * S.fixedRate
    ? `${Math.round(run.reqPerSec)} req/s < ${S.fixedRate}/s asked`
    : null;
}

module.exports = { rateNotKept };
