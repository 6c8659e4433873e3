'use strict';
/**
 * Alternating slots: two loads taking turns over the same minutes, so this machine's drift falls on
 * both alike (ingest.js: tracker and reference; summary-under-load.js: without and with summaries).
 */
const S = require('./settings');

/**
 * Runs BENCH_PAIRS pairs of slots in the order a, b, b, a, a, b, ... (neither side always first),
 * S.durationS seconds per side in all. `runSlot(name, slot)` runs one and returns its measured run;
 * `slot` has `durationS`, `firstOfSide` and `firstOfAll` (for placing a warm-up). Returns each
 * side's measured runs in the order they ran.
 */
async function alternate(a, b, runSlot) {
  const pairs = Math.max(1, S.pairs);
  const durationS = S.durationS / pairs;
  const slots = { [a]: [], [b]: [] };
  for (let i = 0; i < pairs; i++) {
    for (const name of i % 2 === 0 ? [a, b] : [b, a]) {
      const firstOfAll = slots[a].length + slots[b].length === 0;
      slots[name].push(await runSlot(name, { durationS, firstOfSide: slots[name].length === 0, firstOfAll }));
    }
  }
  return slots;
}

/** One side's slots combined: req/s time-weighted; the non-2xx, error and timeout counts summed. */
function combineSlots(slots) {
  const seconds = slots.reduce((n, x) => n + x.durationS, 0);
  const sum = (key) => slots.reduce((n, x) => n + x[key], 0);
  return {
    reqPerSec: slots.reduce((n, x) => n + x.reqPerSec * x.durationS, 0) / seconds,
    non2xx: sum('non2xx'),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
  };
}

module.exports = { alternate, combineSlots };
