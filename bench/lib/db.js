'use strict';
/** Counting rows in the database a server wrote, to check stored == acknowledged. */
const sqlite3 = require('sqlite3');
const { randomBytes } = require('node:crypto');

const PG_ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function sqliteAll(file, sql, params = []) {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => {
      if (err) return reject(err);
      db.all(sql, params, (e, rows) => db.close(() => (e ? reject(e) : resolve(rows))));
    });
  });
}

async function pgQuery(url, sql, params = []) {
  const { Client } = require('pg');
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

async function countRows(target, table, where = '') {
  const sql = `SELECT COUNT(*) AS n FROM ${table} ${where}`;
  const rows = target.type === 'postgres' ? await pgQuery(target.url, sql) : await sqliteAll(target.file, sql);
  return Number(rows[0].n);
}

async function createPgDatabase() {
  const name = `eom_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await pgQuery(PG_ADMIN_URL, `CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => pgQuery(PG_ADMIN_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function pgAvailable() {
  try {
    await pgQuery(PG_ADMIN_URL, 'SELECT 1');
    return true;
  } catch {
    return false;
  }
}

module.exports = { sqliteAll, pgQuery, countRows, createPgDatabase, pgAvailable };
