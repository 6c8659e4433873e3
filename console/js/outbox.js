// Submissions that failed for the network wait here (localStorage survives a reload or a closed
// laptop) with the Idempotency-Key they were first sent with, so a re-send that crosses a lost
// answer cannot create the event twice.
import { ApiError, NetworkError, newIdempotencyKey, request } from './api.js';

const KEY = 'eom.outbox';
const RETRY_MS = 20000;
const listeners = new Set();
let flushing = null;

export function pending() {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]');
  } catch {
    return [];
  }
}

function save(items) {
  localStorage.setItem(KEY, JSON.stringify(items));
  for (const fn of listeners) fn(items);
}

export function onChange(fn) {
  listeners.add(fn);
}

/**
 * POSTs with an Idempotency-Key. Answers { sent: true, data } or, when the network failed,
 * { queued: true } after keeping the submission for a later re-send. API errors are thrown.
 */
export async function submit(path, body, label) {
  const item = { key: newIdempotencyKey(), path, body, label, savedAt: new Date().toISOString() };
  try {
    const data = await send(item);
    return { sent: true, data };
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    save([...pending(), item]);
    return { queued: true };
  }
}

function send(item) {
  return request('POST', item.path, { body: item.body, headers: { 'Idempotency-Key': item.key } });
}

/** Re-sends what waits, oldest first; stops at the first network failure. Answers the errors the API gave. */
export function flush() {
  flushing ??= (async () => {
    const failures = [];
    try {
      for (const item of pending()) {
        try {
          await send(item);
        } catch (error) {
          if (error instanceof NetworkError) break;
          // The API refused it for good (bad data, closed mission): waiting will not change that.
          if (error instanceof ApiError && error.status !== 429 && error.status !== 401) failures.push({ item, error });
          else break;
        }
        save(pending().filter((p) => p.key !== item.key));
      }
    } finally {
      flushing = null;
    }
    return failures;
  })();
  return flushing;
}

export function startRetrying(onFailures) {
  const run = async () => {
    if (!pending().length) return;
    const failures = await flush();
    if (failures.length) onFailures(failures);
  };
  window.addEventListener('online', run);
  setInterval(run, RETRY_MS);
  return run;
}
