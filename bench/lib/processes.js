'use strict';
/** Starting and stopping the servers under test, pinned to a core, and reading their peak memory. */
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');

const ROOT = require('node:path').join(__dirname, '..', '..');
const SERVER_CORE = process.env.BENCH_SERVER_CORE ?? '0';
const LOAD_CORE = process.env.BENCH_LOAD_CORE ?? '1';

/** Peak resident memory (VmHWM) of a live process, in MB. */
function peakMemoryMb(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function waitForHealth(url, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} not ready after ${timeoutMs} ms`);
}

/**
 * Runs `node <args>` on the server core. taskset execs node, so the child's pid is node's own and
 * /proc/<pid>/status is the server's memory.
 */
async function startPinned(args, { env = {}, port, label }) {
  const child = spawn('taskset', ['-c', SERVER_CORE, process.execPath, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log = (log + d).slice(-2_000_000)));
  child.stderr.on('data', (d) => (log = (log + d).slice(-2_000_000)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${label}: ${error.message}\n${log}`, { cause: error });
  }
  return {
    url,
    pid: child.pid,
    peakMemoryMb: () => peakMemoryMb(child.pid),
    log: () => log,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** The node options `npm start` gives the tracker (package.json's start script). */
const START_NODE_ARGS = require('../../package.json')
  .scripts.start.split(' ')
  .filter((word) => word.startsWith('--'));

/** The tracker as production runs it: the built main.js, with npm start's node options. */
function startTracker({ port, env }) {
  const dist = process.env.BENCH_DIST ?? require('node:path').join(ROOT, 'dist');
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to look inside the server under load.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return startPinned([...START_NODE_ARGS, ...nodeArgs, require('node:path').join(dist, 'src', 'main.js')], {
    port,
    label: 'tracker',
    env: { PORT: String(port), SEED_SAMPLE: 'false', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn', ...env },
  });
}

/** `file`: a SQLite file, or a postgres:// URL for the PostgreSQL reference. */
function startReference({ port, file }) {
  return startPinned(['bench/reference-server.js', file, String(port)], { port, label: 'reference' });
}

/** Runs autocannon in a process of its own on the other core; resolves with its JSON result. */
function runLoad(config) {
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', LOAD_CORE, process.execPath, 'bench/lib/load.js'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      try {
        resolve(JSON.parse(out));
      } catch (error) {
        reject(new Error(`load generator printed no result: ${out.slice(0, 500)}`, { cause: error }));
      }
    });
    child.stdin.end(JSON.stringify(config));
  });
}

module.exports = { START_NODE_ARGS, ROOT, startTracker, startReference, runLoad, peakMemoryMb };
