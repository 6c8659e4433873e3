#!/usr/bin/env node
/**
 * Runs the bad-input fuzzer (test/bad-input.e2e-spec.ts) longer than `npm test` does, with a
 * random seed, on each engine:
 *
 *   node scripts/fuzz-bad-input.js [--runs 10000] [--seed 12345] [--db sqlite|postgres|both]
 *
 * `npm test` runs it with the spec's fixed seed and 1000 runs per route family. This prints the
 * seed first, so a failure here is reproduced with the same --seed and --runs (fast-check's own
 * report also gives the path to the smallest failing case).
 */
const { spawnSync } = require('node:child_process');
const { randomInt } = require('node:crypto');

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

const runs = Number(option('runs', '10000'));
const seed = Number(option('seed', String(randomInt(2 ** 31 - 1))));
const db = option('db', 'both');
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed) || !['sqlite', 'postgres', 'both'].includes(db)) {
  console.error('usage: node scripts/fuzz-bad-input.js [--runs N] [--seed S] [--db sqlite|postgres|both]');
  process.exit(2);
}

let failed = false;
for (const engine of db === 'both' ? ['sqlite', 'postgres'] : [db]) {
  console.log(`bad-input fuzzer: ${engine}, seed ${seed}, ${runs} runs per route family`);
  console.log(`  again: node scripts/fuzz-bad-input.js --db ${engine} --seed ${seed} --runs ${runs}`);
  const result = spawnSync(
    'npx',
    [
      'jest',
      '--config',
      'test/jest-e2e.config.js',
      '--runInBand',
      // The default 2 minutes per test is for the fixed run; a long one takes as long as it takes.
      '--testTimeout',
      '86400000',
      'test/bad-input.e2e-spec.ts',
    ],
    {
      stdio: 'inherit',
      env: { ...process.env, DB_TYPE: engine, BAD_INPUT_SEED: String(seed), BAD_INPUT_RUNS: String(runs) },
    },
  );
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
