// The API client: the token lives in sessionStorage (this browser tab's session, gone with it).

const BASE = '/api/v1';
const TOKEN_KEY = 'eom.token';
const ROLE_KEY = 'eom.role';
const MISSIONS_KEY = 'eom.missionIds';

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  get role() {
    return sessionStorage.getItem(ROLE_KEY);
  },
  /** Missions the user belongs to (an admin belongs to none and sees all). */
  get missionIds() {
    return JSON.parse(sessionStorage.getItem(MISSIONS_KEY) ?? '[]');
  },
  save(token, me) {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(ROLE_KEY, me.role);
    sessionStorage.setItem(MISSIONS_KEY, JSON.stringify(me.missionIds));
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(ROLE_KEY);
    sessionStorage.removeItem(MISSIONS_KEY);
  },
};

/** The API answered with an error: status, its message(s) and, for a 400, the fields it named. */
export class ApiError extends Error {
  constructor(status, body) {
    const messages = Array.isArray(body?.message) ? body.message : [body?.message ?? `HTTP ${status}`];
    super(messages.join('; '));
    this.status = status;
    this.messages = messages;
    this.body = body;
    this.fieldErrors = Array.isArray(body?.errors) ? body.errors : [];
  }
}

/** The request never got an answer (offline, connection dropped): the caller may keep it for later. */
export class NetworkError extends Error {}

export function url(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `${BASE}${path}${qs ? `?${qs}` : ''}`;
}

export async function request(method, path, { body, query, csv, headers = {}, token = session.token, raw } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (csv !== undefined) {
    init.headers['Content-Type'] = 'text/csv';
    init.body = csv;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(url(path, query), init);
  } catch (error) {
    throw new NetworkError(error.message);
  }
  if (raw && res.ok) return res;
  const text = await res.text();
  let data;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { message: text };
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const api = {
  get: (path, query) => request('GET', path, { query }),
  post: (path, body, options = {}) => request('POST', path, { body, ...options }),
  patch: (path, body) => request('PATCH', path, { body }),
  del: (path) => request('DELETE', path),
};

/** A random Idempotency-Key; crypto.randomUUID needs a secure context, so fall back to getRandomValues. */
export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Who holds the token: { id, name, role, missionIds, observerId }; a 401 if nobody does. */
export function whoAmI(token) {
  return request('GET', '/me', { token });
}

const STAFF = ['admin', 'coordinator'];
const READERS = ['admin', 'coordinator', 'analyst'];

/** The API's access policy as the console needs it, to hide what would only be refused. */
export function can(action, role = session.role) {
  const table = {
    'missions.create': ['admin'],
    'missions.write': STAFF,
    'observers.read': READERS,
    'observers.write': STAFF,
    'teams.write': STAFF,
    'stations.write': STAFF,
    'deployments.write': STAFF,
    'events.write': ['admin', 'coordinator', 'observer'],
    'incidents.verify': STAFF,
    'reports.review': STAFF,
    'checks.read': READERS,
    'summary.read': READERS,
  };
  return (table[action] ?? []).includes(role);
}
