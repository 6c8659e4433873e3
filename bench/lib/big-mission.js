'use strict';
/**
 * A big mission written straight into the SQLite file in SQL (recursive CTEs run inside SQLite,
 * far faster than any client loop): `stations` polling stations and `events` station visits spread
 * over them and the five stages, each with `answers` answer rows, plus incidents. Call it on a
 * migrated database with no server running (one writer at a time).
 */
const sqlite3 = require('sqlite3');

function exec(db, sql) {
  return new Promise((resolve, reject) => db.exec(sql, (e) => (e ? reject(e) : resolve())));
}

async function generateBigMission(file, missionId, { events = 1_000_000, stations = 5_000, answers = 12 } = {}) {
  const db = new sqlite3.Database(file);
  try {
    await exec(db, 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    const codes = Array.from({ length: answers }, (_, i) => `q${String(i + 1).padStart(2, '0')}`);
    await exec(
      db,
      `BEGIN;
      WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${stations})
      INSERT INTO polling_stations ("missionId", "constituencyCode", code, name, region, district, latitude, longitude,
        "registeredVoters", type, tags)
      SELECT ${missionId}, printf('%02d', n % 60), printf('%05d', n), 'Station ' || n, 'Region ' || (n % 12),
        'District ' || (n % 80), 40.0 + (n % 100) / 100.0, 49.0 + (n % 97) / 100.0, 500 + n % 1500,
        CASE WHEN n % 50 = 0 THEN 'special' ELSE 'regular' END, '[]'
      FROM seq;
      CREATE TEMP TABLE bench_stations AS
        SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM polling_stations WHERE "missionId" = ${missionId};
      WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${events})
      INSERT INTO election_events ("missionId", type, "occurredAt", title, "pollingStationId", stage,
        "overallAssessment", "votersVoted", category, severity, status)
      SELECT ${missionId},
        CASE WHEN n % 20 = 0 THEN 'incident' ELSE 'station_visit' END,
        datetime('2024-02-07 04:00:00', '+' || (n % 960) || ' minutes'),
        'Generated ' || n,
        s.id,
        CASE WHEN n % 20 = 0 THEN NULL ELSE (CASE n % 5 WHEN 0 THEN 'opening' WHEN 1 THEN 'voting' WHEN 2 THEN 'voting'
          WHEN 3 THEN 'closing' ELSE 'counting' END) END,
        CASE WHEN n % 20 = 0 THEN NULL ELSE (CASE n % 7 WHEN 0 THEN 'bad' WHEN 1 THEN 'very_good' WHEN 6 THEN 'very_bad'
          WHEN 5 THEN 'not_applicable' ELSE 'good' END) END,
        CASE WHEN n % 20 = 0 THEN NULL ELSE n % 900 END,
        CASE WHEN n % 20 = 0 THEN 'procedural' END,
        CASE WHEN n % 20 = 0 THEN 'medium' END,
        CASE WHEN n % 20 = 0 THEN 'reported' END
      FROM seq JOIN bench_stations s ON s.k = n % ${stations};
      INSERT INTO event_answers ("eventId", "missionId", stage, "questionCode", value, negative)
      SELECT e.id, e."missionId", e.stage, q.code, CASE WHEN (e.id + q.k) % 9 = 0 THEN 'no' ELSE 'yes' END,
        (e.id + q.k) % 9 = 0
      FROM election_events e
      CROSS JOIN (${codes.map((c, k) => `SELECT '${c}' AS code, ${k} AS k`).join(' UNION ALL ')}) q
      WHERE e."missionId" = ${missionId} AND e.type = 'station_visit';
      COMMIT;`,
    );
  } finally {
    await new Promise((r) => db.close(r));
  }
}

module.exports = { generateBigMission };
