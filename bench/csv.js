'use strict';
/**
 * csv: our CSV scanner (parseCsvText, from the build) against csv-parse/sync set up to give what the
 * reader needs (records as arrays and the line each starts on), on the import benchmark's file.
 * Each timed parse runs in a fresh process, the two alternating (A B A B ...), after a warm-up parse
 * in that process. Our scanner stays only while it wins by 25% or more (docs/write-path.md, Machinery).
 */
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ROOT, START_NODE_ARGS } = require('./lib/processes');
const S = require('./lib/settings');

const ROUNDS = Number(process.env.BENCH_CSV_ROUNDS || 5);
const CORE = process.env.BENCH_SERVER_CORE ?? '0';

const SCANNERS = {
  ours: () => {
    const dist = process.env.BENCH_DIST ?? join(ROOT, 'dist');
    return require(join(dist, 'src', 'common', 'csv', 'csv-text.js')).parseCsvText;
  },
  'csv-parse': () => {
    const { parse } = require('csv-parse/sync');
    return (text) => {
      // info.lines is the line a record ends on and info.empty_lines counts the blank lines skipped,
      // so a record starts one line after the previous one's end plus the blank lines since.
      const lines = [];
      let end = 0;
      let blank = 0;
      const onRecord = (record, info) => {
        lines.push(end + 1 + info.empty_lines - blank);
        end = info.lines;
        blank = info.empty_lines;
        return record;
      };
      // relax_quotes: ours keeps a quote inside an unquoted field; relax_column_count: the reader
      // reports a row of the wrong length itself, with its line.
      const options = { bom: true, skip_empty_lines: true, relax_quotes: true, relax_column_count: true };
      return { records: parse(text, { ...options, on_record: onRecord }), lines };
    };
  },
};

/** In the child process: a warm-up parse, then one timed parse; prints ms, records and VmHWM. */
function child(name, file) {
  const parse = SCANNERS[name]();
  const text = readFileSync(file, 'utf8');
  parse(text);
  const started = performance.now();
  const { records } = parse(text);
  const ms = performance.now() - started;
  const hwm = readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+) kB/);
  process.stdout.write(JSON.stringify({ ms, records: records.length, peakMb: hwm ? Number(hwm[1]) / 1024 : null }));
}

function runChild(name, file) {
  const args = ['-c', CORE, process.execPath, ...START_NODE_ARGS, __filename, 'child', name, file];
  return JSON.parse(
    execFileSync('taskset', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
  );
}

/** Both scanners must give the same records and lines, or the timing compares different work. */
function checkSame(csv) {
  const a = SCANNERS.ours()(csv);
  const b = SCANNERS['csv-parse']()(csv);
  if (a.records.length !== S.importRows + 1) throw new Error(`ours read ${a.records.length} records`);
  for (let i = 0; i < Math.max(a.records.length, b.records.length); i++) {
    const x = JSON.stringify([a.lines[i], a.records[i]]);
    const y = JSON.stringify([b.lines[i], b.records[i]]);
    if (x !== y) throw new Error(`the scanners differ at record ${i}: ours [line, record] ${x}, csv-parse ${y}`);
  }
}

async function csvScanners() {
  const dir = mkdtempSync(join(tmpdir(), 'eom-bench-csv-'));
  try {
    const file = join(dir, 'stations.csv');
    const csv = require('./import').stationsCsv(S.importRows);
    writeFileSync(file, csv);
    checkSame(csv);
    const runs = { ours: [], 'csv-parse': [] };
    for (let i = 0; i < ROUNDS; i++) for (const name of Object.keys(runs)) runs[name].push(runChild(name, file));
    const stats = Object.fromEntries(
      Object.entries(runs).map(([name, rs]) => {
        const ms = rs.map((r) => r.ms).sort((x, y) => x - y);
        const mid = ms.length >> 1;
        const median = ms.length % 2 ? ms[mid] : (ms[mid - 1] + ms[mid]) / 2;
        const peakMb = Math.max(...rs.map((r) => r.peakMb));
        return [name, { median, min: ms[0], max: ms.at(-1), rowsPerSec: S.importRows / (median / 1000), peakMb }];
      }),
    );
    const ratio = stats['csv-parse'].median / stats.ours.median;
    console.log(`csv: ${S.importRows} stations, ${(csv.length / 1e6).toFixed(1)} MB, ${ROUNDS} processes each`);
    console.log('scanner     median ms  min ms  max ms  rows/s     peak MB (VmHWM)');
    for (const [name, s] of Object.entries(stats)) {
      const cells = [s.median, s.min, s.max].map((v) => v.toFixed(1).padStart(7)).join('  ');
      console.log(
        `${name.padEnd(10)}  ${cells}  ${Math.round(s.rowsPerSec).toString().padEnd(9)}  ${s.peakMb.toFixed(0)}`,
      );
    }
    console.log(`ours takes ${(1 / ratio).toFixed(2)}x csv-parse's median time (${ratio.toFixed(2)}x as fast)`);
    const benchmark = `csv scan ${S.importRows} stations`;
    const row = (target, s) => ({ benchmark, target, rowsPerSec: s.rowsPerSec, p50: s.median, peakMemoryMb: s.peakMb });
    return {
      note: `median of ${ROUNDS} fresh processes each, alternating; p50 = median ms of one parse`,
      rows: [
        row('reference (csv-parse/sync)', stats['csv-parse']),
        {
          ...row('parseCsvText', stats.ours),
          ratio,
          verdict: ratio >= 1.25 ? 'keep (>= 1.25x csv-parse)' : 'replace: < 1.25x csv-parse',
        },
      ],
      raw: { runs, stats },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module && process.argv[2] === 'child') child(process.argv[3], process.argv[4]);

module.exports = { csvScanners };
