'use strict';
/**
 * import: 100,000 generated polling stations through POST /missions/:id/polling-stations/import
 * (text/csv, one request): rows per second and the server's peak memory. The reference is the
 * same rows inserted by the reference approach (sqlite3, one prepared statement, one transaction).
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const sqlite3 = require('sqlite3');
const { startTracker } = require('./lib/processes');
const { API, call, createMission, newAdminToken } = require('./lib/fixtures');
const { countRows } = require('./lib/db');
const S = require('./lib/settings');

const HEADER = 'constituency,code,name,address,region,district,latitude,longitude,registered_voters,type,tags';

function* stationLines(n) {
  for (let i = 1; i <= n; i++) {
    yield [
      String(i % 90).padStart(2, '0'),
      String(i).padStart(6, '0'),
      `School No. ${i}`,
      `"${i} Main Street, Town ${i % 500}"`,
      `Region ${i % 12}`,
      `District ${i % 80}`,
      (40 + (i % 1000) / 1000).toFixed(5),
      (49 + (i % 997) / 1000).toFixed(5),
      500 + (i % 1500),
      i % 50 === 0 ? 'special' : 'regular',
      i % 7 === 0 ? 'webcam;urban' : '',
    ].join(',');
  }
}

function stationsCsv(n) {
  return `${HEADER}\n${Array.from(stationLines(n)).join('\n')}\n`;
}

/** The floor: the same rows through one prepared INSERT in one transaction, no HTTP, no checks. */
async function referenceInsert(file, n) {
  const db = new sqlite3.Database(file);
  const run = (sql, p = []) => new Promise((res, rej) => db.run(sql, p, (e) => (e ? rej(e) : res())));
  await run('PRAGMA journal_mode = WAL');
  await run('PRAGMA synchronous = FULL');
  await run(`CREATE TABLE s (id INTEGER PRIMARY KEY, constituency TEXT, code TEXT, name TEXT, address TEXT, region TEXT,
    district TEXT, latitude REAL, longitude REAL, voters INTEGER, type TEXT, tags TEXT, UNIQUE (constituency, code))`);
  const started = process.hrtime.bigint();
  await run('BEGIN');
  const stmt = db.prepare('INSERT INTO s VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const line of stationLines(n)) {
    const f = line.split(',');
    await new Promise((res, rej) =>
      stmt.run([f[0], f[1], f[2], f[3], f[5], f[6], f[7], f[8], f[9], f[10], f[11]], (e) => (e ? rej(e) : res())),
    );
  }
  await new Promise((r) => stmt.finalize(r));
  await run('COMMIT');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await new Promise((r) => db.close(r));
  return seconds;
}

async function importStations() {
  const dir = mkdtempSync(join(tmpdir(), 'eom-bench-import-'));
  const file = join(dir, 'eom.sqlite');
  const adminToken = newAdminToken();
  const server = await startTracker({
    port: 3910,
    env: { DB_TYPE: 'sqlite', DATABASE_PATH: file, ADMIN_TOKEN: adminToken, CSV_BODY_LIMIT: '100mb' },
  });
  try {
    const csv = stationsCsv(S.importRows);
    // Warm-up: a small file into a mission of its own.
    const warm = await createMission(server.url, adminToken, 'Import warm-up');
    const path = (id) => `${API}/missions/${id}/polling-stations/import`;
    const w = await call(server.url, adminToken, 'POST', path(warm.id), stationsCsv(1000), 'text/csv');
    if (w.status === 404 && /Cannot POST/.test(w.text)) {
      return {
        rows: [{ benchmark: 'import', target: 'tracker sqlite', verdict: 'SKIPPED: import endpoint not there yet' }],
      };
    }
    const mission = await createMission(server.url, adminToken, 'Import benchmark');
    const started = process.hrtime.bigint();
    const r = await call(server.url, adminToken, 'POST', path(mission.id), csv, 'text/csv');
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const stored = await countRows({ type: 'sqlite', file }, 'polling_stations', `WHERE "missionId" = ${mission.id}`);
    const peak = server.peakMemoryMb();
    const refSeconds = await referenceInsert(join(dir, 'ref.sqlite'), S.importRows);
    const rowsPerSec = stored / seconds;
    const refRowsPerSec = S.importRows / refSeconds;
    const fails = [];
    if (r.status < 200 || r.status > 299) fails.push(`status ${r.status}: ${r.text.slice(0, 200)}`);
    if (stored !== S.importRows) fails.push(`stored ${stored} of ${S.importRows}`);
    if (rowsPerSec < 20_000) fails.push('< 20,000 rows/s');
    if (peak >= 300) fails.push('>= 300 MB');
    return {
      note: `${S.importRows} rows, ${(csv.length / 1e6).toFixed(1)} MB CSV, ${seconds.toFixed(2)} s`,
      rows: [
        { benchmark: `import ${S.importRows} stations`, target: 'reference (sqlite3 loop)', rowsPerSec: refRowsPerSec },
        {
          benchmark: `import ${S.importRows} stations`,
          target: 'tracker sqlite',
          rowsPerSec,
          non2xx: r.status >= 300 ? 1 : 0,
          peakMemoryMb: peak,
          ratio: rowsPerSec / refRowsPerSec,
          verdict: fails.length ? `FAIL: ${fails.join(', ')}` : 'ok (>= 20,000 rows/s, < 300 MB)',
        },
      ],
      raw: { status: r.status, body: r.body, seconds, stored, peak, refSeconds },
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { importStations, stationsCsv };
