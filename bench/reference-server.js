'use strict';
/**
 * The yardstick for the ingest benchmark: a plain node:http server that does the least a correct
 * ingest must do. It parses the JSON body, and stores the submission with ONE prepared INSERT per
 * request (the event's fields in columns, its answers as one JSON blob in the same row), in its own
 * implicit transaction, on SQLite in WAL mode with synchronous=FULL: so every 201 it answers has
 * been fsynced, exactly the guarantee the tracker gives. The Idempotency-Key goes into a UNIQUE
 * column: a repeat is answered 200 with the first id. No validation, no auth, no audit.
 *
 * Usage: node bench/reference-server.js <sqlite file> <port>
 */
const http = require('node:http');
const sqlite3 = require('sqlite3');

const [file, portArg] = process.argv.slice(2);
const port = Number(portArg ?? 3999);
const db = new sqlite3.Database(file);

function run(sql, params = []) {
  return new Promise((resolve, reject) => db.run(sql, params, (err) => (err ? reject(err) : resolve())));
}

async function start() {
  await run('PRAGMA journal_mode = WAL');
  await run('PRAGMA synchronous = FULL');
  await run('PRAGMA busy_timeout = 10000');
  await run(`CREATE TABLE IF NOT EXISTS visits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT UNIQUE,
    mission_id INTEGER NOT NULL,
    type TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    title TEXT NOT NULL,
    polling_station_id INTEGER,
    stage TEXT,
    overall_assessment TEXT,
    voters_voted INTEGER,
    answers TEXT,
    created_at TEXT NOT NULL
  )`);
  const insert = db.prepare(
    `INSERT INTO visits (idempotency_key, mission_id, type, occurred_at, title, polling_station_id, stage,
       overall_assessment, voters_voted, answers, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      // /health mirrors the tracker's so the harness waits for both the same way.
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"status":"ok"}');
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (typeof body !== 'object' || body === null) throw new Error('not an object');
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        return res.end('{"statusCode":400,"message":"invalid JSON"}');
      }
      const missionId = Number((req.url.match(/missions\/(\d+)/) ?? [])[1] ?? 1);
      const key = req.headers['idempotency-key'] ?? null;
      const now = new Date().toISOString();
      insert.run(
        [
          key,
          missionId,
          String(body.type ?? 'station_visit'),
          String(body.occurredAt ?? now),
          String(body.title ?? ''),
          body.pollingStationId ?? null,
          body.stage ?? null,
          body.overallAssessment ?? null,
          body.votersVoted ?? null,
          JSON.stringify(body.answers ?? null),
          now,
        ],
        function done(err) {
          if (err) {
            res.writeHead(err.code === 'SQLITE_CONSTRAINT' ? 200 : 500, { 'content-type': 'application/json' });
            return res.end(JSON.stringify({ replayed: true }));
          }
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: this.lastID, missionId, ...body, createdAt: now }));
        },
      );
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, '127.0.0.1', () => console.log(`reference listening on ${port}`));
  const stop = () => server.close(() => insert.finalize(() => db.close(() => process.exit(0))));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

start().catch((e) => {
  console.error(e);
  process.exit(1);
});
