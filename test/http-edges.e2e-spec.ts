import { AsyncResource } from 'node:async_hooks';
import { createTestApp, TestApp } from './app';
import { missionBody } from './factories/mission.factory';

/**
 * What the HTTP layer answers before any handler runs, and the conventions a client relies on:
 * every error in the API's `{ statusCode, error, message }` shape (none of Fastify's own codes),
 * the request id, trailing slashes and nested query strings.
 */
describe('HTTP edges: parsers, URLs, error shape (e2e)', () => {
  let t: TestApp;
  let missionCount: () => Promise<number>;
  beforeAll(async () => {
    t = await createTestApp();
    missionCount = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM "missions"'))[0].n);
  });
  afterAll(async () => {
    await t.close();
  });

  const expectApiError = (body: Record<string, unknown>, status: number, message: RegExp) => {
    expect(Object.keys(body).sort()).toEqual(['error', 'message', 'statusCode']);
    expect(body.statusCode).toBe(status);
    expect(String(body.message)).toMatch(message);
  };

  it('answers 400 for a body that is not JSON, in the API error shape, and stores nothing', async () => {
    const before = await missionCount();
    const res = await t.http().post('/api/v1/missions').set('Content-Type', 'application/json').send('{"name": ');
    expect(res.status).toBe(400);
    expectApiError(res.body, 400, /not valid JSON/);
    expect(await missionCount()).toBe(before);
  });

  it('refuses a JSON body that is a bare string or number (400), as validation could not name a field', async () => {
    for (const body of ['"a mission"', '42', 'null']) {
      const res = await t.http().post('/api/v1/missions').set('Content-Type', 'application/json').send(body);
      expect(res.status).toBe(400);
      expectApiError(res.body, 400, /must be an object or an array/);
    }
  });

  it('reads an empty JSON body as {}: the answer names the missing fields', async () => {
    const res = await t.http().post('/api/v1/missions').set('Content-Type', 'application/json').send('');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/name/);
  });

  it('refuses a prototype-polluting body key (400), naming it, instead of merging it', async () => {
    const res = await t
      .http()
      .post('/api/v1/missions')
      .set('Content-Type', 'application/json')
      .send('{"__proto__": {"admin": true}, "name": "x"}');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: '__proto__', message: 'property __proto__ should not exist' }]);
  });

  it('parses a JSON body without AsyncResource.bind, which builds two deprecation wrappers per call on Node 20', async () => {
    // Fastify 5.11 bound its body parser's callback that way for every request (about 2.4% of the
    // server's profile samples under ingest); 5.12 runs it in the resource's scope instead (package.json pins it).
    const fromBodyParser: string[] = [];
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with .apply(this, args)
    const original = AsyncResource.prototype.bind;
    const bind = jest.spyOn(AsyncResource.prototype, 'bind').mockImplementation(function (
      this: AsyncResource,
      ...args: unknown[]
    ) {
      const stack = new Error().stack ?? '';
      if (stack.includes('content-type-parser')) fromBodyParser.push(stack);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original);
    try {
      const res = await t.http().post('/api/v1/missions').set('Content-Type', 'application/json').send('{"name": 1}');
      expect(res.status).toBe(400);
      // The spy does see a bind through the prototype, as Fastify 5.11's was.
      new AsyncResource('control').bind(() => undefined);
      expect(bind).toHaveBeenCalled();
    } finally {
      bind.mockRestore();
    }
    expect(fromBodyParser).toEqual([]);
  });

  it('answers 415 for a content type no route reads, in the API error shape', async () => {
    const res = await t.http().post('/api/v1/missions').set('Content-Type', 'application/xml').send('<mission/>');
    expect(res.status).toBe(415);
    expectApiError(res.body, 415, /./);
  });

  it('answers 400 for a URL it cannot decode, in the API error shape', async () => {
    const res = await t.http().get('/api/v1/missions/%E0%A4%A');
    expect(res.status).toBe(400);
    expectApiError(res.body, 400, /not a valid url/i);
  });

  it('answers 404 in the API error shape for a path no route claims', async () => {
    const res = await t.http().get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expectApiError(res.body, 404, /Cannot GET/);
  });

  it('serves a route with a trailing slash as without one', async () => {
    const id = (await t.http().post('/api/v1/missions').send(missionBody()).expect(201)).body.id;
    const res = await t.http().get(`/api/v1/missions/${id}/`).expect(200);
    expect(res.body.id).toBe(id);
  });

  it('echoes a sane X-Request-Id and makes one up otherwise, security headers included', async () => {
    const given = await t.anonymous().get('/health').set('X-Request-Id', 'field-42.retry-1').expect(200);
    expect(given.headers['x-request-id']).toBe('field-42.retry-1');
    expect(given.headers['x-content-type-options']).toBe('nosniff');
    const made = await t.anonymous().get('/health').set('X-Request-Id', 'no spaces; allowed').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads a nested query string (qs), so a bracketed parameter is a field error, not a crash', async () => {
    const res = await t.http().get('/api/v1/missions?limit[a]=1');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/limit/);
  });
});

describe('HTTP edges: CORS (e2e)', () => {
  it('answers CORS only for CORS_ORIGINS: a preflight from a listed origin is allowed, others get no header', async () => {
    const t = await createTestApp({ CORS_ORIGINS: 'https://console.example.org, https://other.example.org' });
    try {
      const preflight = await t
        .anonymous()
        .options('/api/v1/missions')
        .set('Origin', 'https://console.example.org')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key');
      expect(preflight.status).toBeLessThan(300);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://console.example.org');
      expect(String(preflight.headers['access-control-allow-methods'])).toMatch(/POST/);
      const listed = await t.http().get('/api/v1/missions').set('Origin', 'https://other.example.org').expect(200);
      expect(listed.headers['access-control-allow-origin']).toBe('https://other.example.org');
      const stranger = await t.http().get('/api/v1/missions').set('Origin', 'https://evil.example.com').expect(200);
      expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('sends no CORS headers when CORS_ORIGINS is not set', async () => {
    const t = await createTestApp();
    try {
      const res = await t.http().get('/api/v1/missions').set('Origin', 'https://console.example.org').expect(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
