'use strict';
/**
 * The yardstick for the ingest benchmark: a plain node:http server that does the least a correct
 * ingest must do. It parses the JSON body, and stores the submission with ONE prepared INSERT per
 * request (the event's fields in columns, its answers as one JSON blob in the same row), in its own
 * implicit transaction, on SQLite in WAL mode with synchronous=FULL: so every 201 it answers has
 * been fsynced, exactly the guarantee the tracker gives. The Idempotency-Key goes into a UNIQUE
 * column: a repeat is answered 200 with the first id. No validation, no auth, no audit.
 *
 * Given a postgres:// URL instead of a file, the same on PostgreSQL (a pool of 10 connections, as
 * the tracker's; synchronous_commit as the server has it, on by default): what PostgreSQL itself
 * allows on this machine, shown beside the tracker's PostgreSQL figures.
 *
 * Usage: node bench/reference-server.js <sqlite file | postgres url> <port>
 */
const http = require('node:http');
const sqlite3 = require('sqlite3');

const [target, portArg] = process.argv.slice(2);
const port = Number(portArg ?? 3999);

const COLUMNS = `idempotency_key, mission_id, type, occurred_at, title, polling_station_id, stage,
  overall_assessment, voters_voted, answers, created_at`;

/** The one table, the same on both engines but for how its id is generated. */
function createTable(idColumn) {
  return `CREATE TABLE IF NOT EXISTS visits (
    ${idColumn},
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
  )`;
}

/** SQLite: one prepared INSERT. Resolves { id } or { duplicate: true }. */
async function openSqlite(file) {
  const db = new sqlite3.Database(file);
  const run = (sql) => new Promise((resolve, reject) => db.run(sql, [], (err) => (err ? reject(err) : resolve())));
  await run('PRAGMA journal_mode = WAL');
  await run('PRAGMA synchronous = FULL');
  await run('PRAGMA busy_timeout = 10000');
  await run(createTable('id INTEGER PRIMARY KEY AUTOINCREMENT'));
  const insert = db.prepare(`INSERT INTO visits (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  return {
    // Callbacks, not promises, so the SQLite yardstick costs what it always did.
    insert: (values, done) =>
      insert.run(values, function inserted(err) {
        if (err) return err.code === 'SQLITE_CONSTRAINT' ? done(null, { duplicate: true }) : done(err);
        done(null, { id: this.lastID });
      }),
    close: (cb) => insert.finalize(() => db.close(cb)),
  };
}

/** PostgreSQL: one named prepared INSERT per request on a pooled connection. */
async function openPostgres(url) {
  const { Pool } = require('pg');
  const pool = new Pool({ connectionString: url, max: 10 });
  await pool.query(createTable('id SERIAL PRIMARY KEY'));
  const text = `INSERT INTO visits (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`;
  return {
    insert: (values, done) =>
      pool.query({ name: 'insert_visit', text, values }, (err, result) => {
        if (err) return err.code === '23505' ? done(null, { duplicate: true }) : done(err);
        done(null, { id: result.rows[0].id });
      }),
    close: (cb) => pool.end().then(cb, cb),
  };
}

async function start() {
  const store = /^postgres(ql)?:/.test(target) ? await openPostgres(target) : await openSqlite(target);

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
      store.insert(
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
        (err, stored) => {
          if (err) {
            res.writeHead(500, { 'content-type': 'application/json' });
            return res.end('{"statusCode":500}');
          }
          if (stored.duplicate) {
            res.writeHead(200, { 'content-type': 'application/json' });
            return res.end(JSON.stringify({ replayed: true }));
          }
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: stored.id, missionId, ...body, createdAt: now }));
        },
      );
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, '127.0.0.1', () => console.log(`reference listening on ${port}`));
  const stop = () => server.close(() => store.close(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

start().catch((e) => {
  console.error(e);
  process.exit(1);
});
