'use strict';
/**
 * `npm run bench [-- ingest import summary csv]`: builds the tracker once, runs each benchmark
 * against the built server and its reference, prints one table and writes the figures to
 * bench/results/. BENCH_SKIP_BUILD=1 reuses dist/ (0 or unset: build); BENCH_DURATION, BENCH_PG=0
 * etc. in lib/settings.js and ingest.js.
 */
const { execSync } = require('node:child_process');
const { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { ROOT } = require('./lib/processes');

const BENCHMARKS = {
  ingest: () => require('./ingest').ingest(),
  import: () => require('./import').importStations(),
  summary: () => require('./summary-under-load').summaryUnderLoad(),
  recheck: () => require('./recheck-under-load').recheckUnderLoad(),
  csv: () => require('./csv').csvScanners(),
};

const fmt = (v, digits = 1) => (v === null || v === undefined ? '-' : typeof v === 'number' ? v.toFixed(digits) : v);

function printTable(rows) {
  const cols = [
    ['benchmark', (r) => r.benchmark],
    ['target', (r) => r.target],
    ['req/s|rows/s', (r) => fmt(r.reqPerSec ?? r.rowsPerSec, 0)],
    ['p50 ms', (r) => fmt(r.p50)],
    ['p99 ms', (r) => fmt(r.p99)],
    ['non-2xx', (r) => fmt(r.non2xx, 0)],
    ['peak MB', (r) => fmt(r.peakMemoryMb, 0)],
    ['x ref', (r) => (r.ratio === null || r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}x`)],
    ['2xx<=stored<=sent', (r) => (r.stored === undefined ? '-' : `${r.acknowledged}<=${r.stored}<=${r.sent}`)],
    ['verdict', (r) => r.verdict ?? ''],
  ];
  const cells = rows.map((r) => cols.map(([, f]) => String(f(r))));
  const widths = cols.map(([h], i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (vals) => vals.map((v, i) => v.padEnd(widths[i])).join('  ');
  console.log(line(cols.map(([h]) => h)));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length ? wanted : Object.keys(BENCHMARKS);
  // Other builds may rewrite dist/ while the benchmark runs: run a private copy of this build.
  // It stays under the project so the copy still finds node_modules.
  let privateDist = null;
  if (!process.env.BENCH_DIST) {
    privateDist = join(ROOT, 'bench', 'results', `dist-${process.pid}`);
    let built = !['', '0', 'false'].includes(process.env.BENCH_SKIP_BUILD ?? '');
    if (!built) {
      console.error('building (npm run build)...');
      try {
        execSync('npm run build', { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
        built = true;
      } catch (error) {
        // tsc still emits JavaScript when types are wrong somewhere: measure that, and say so.
        console.error(
          `WARNING: npm run build failed; benchmarking tsc's output anyway:\n${String(error.stderr ?? error).slice(0, 2000)}`,
        );
        try {
          execSync(`npx tsc -p tsconfig.build.json --outDir ${JSON.stringify(privateDist)}`, {
            cwd: ROOT,
            stdio: 'ignore',
          });
        } catch {
          // type errors: the files are emitted all the same
        }
        if (!existsSync(join(privateDist, 'src', 'main.js')))
          throw new Error('no build to benchmark', { cause: error });
      }
    }
    if (built) cpSync(join(ROOT, 'dist'), privateDist, { recursive: true });
    process.env.BENCH_DIST = privateDist;
  }
  const results = {};
  const rows = [];
  for (const name of names) {
    if (!BENCHMARKS[name]) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
    console.error(`running ${name}...`);
    try {
      const r = await BENCHMARKS[name]();
      results[name] = r;
      rows.push(...r.rows);
      if (r.note) console.error(`  ${name}: ${r.note}`);
    } catch (error) {
      results[name] = { error: error.message };
      rows.push({ benchmark: name, target: '-', verdict: `ERROR: ${error.message.split('\n')[0]}` });
    }
  }
  if (privateDist) rmSync(privateDist, { recursive: true, force: true });
  printTable(rows);
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const payload = JSON.stringify(
    { at: new Date().toISOString(), cpus: require('node:os').cpus().length, results },
    null,
    2,
  );
  writeFileSync(join(dir, `bench-${stamp}.json`), payload);
  writeFileSync(join(dir, 'latest.json'), payload);
  console.error(`figures written to bench/results/bench-${stamp}.json`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
