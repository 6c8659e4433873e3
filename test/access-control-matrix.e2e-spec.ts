import { randomBytes } from 'node:crypto';
import { createTestApp, TestApp } from './app';
import { buildFixtures, Fixtures, registeredRoutes } from './access-control.fixtures';
import { ACCESS_TABLE, AccessRow, Caller, CALLERS } from './access-control.table';

describe('Access control matrix: every route x every caller (e2e)', () => {
  let t: TestApp;
  let f: Fixtures;
  beforeAll(async () => {
    t = await createTestApp();
    f = await buildFixtures(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('has a row for every registered route, and no row for a route that does not exist', () => {
    const registered = registeredRoutes(t.app).map((r) => r.route);
    const specified = new Set(ACCESS_TABLE.map((r) => r.route));
    expect(registered.filter((r) => !specified.has(r)).sort()).toEqual([]);
    expect([...specified].filter((r) => !registered.includes(r)).sort()).toEqual([]);
  });

  it('finds exactly one @Can action (or @Public) on every handler', () => {
    const unmarked = registeredRoutes(t.app).filter((r) => !r.action && !r.isPublic);
    expect(unmarked.map((r) => `${r.route} (${r.handler})`)).toEqual([]);
  });

  const request = (caller: Caller, method: string, path: string) => {
    const client =
      caller === 'none'
        ? t.anonymous()
        : t.as(caller === 'bad' ? `eom_${randomBytes(32).toString('base64url')}` : f.tokens[caller]);
    return client[method.toLowerCase() as 'get'](path);
  };

  const label = (row: AccessRow) => (row.variant ? `${row.route} (${row.variant})` : row.route);

  it.each(ACCESS_TABLE.map((row) => [label(row), row] as const))('%s', async (_label, row) => {
    const method = row.route.split(' ')[0];
    const mismatches: string[] = [];
    for (const [i, caller] of CALLERS.entries()) {
      const probe = await row.probe(f);
      let req = request(caller, method, probe.path);
      if (probe.csv) req = req.set('Content-Type', 'text/csv');
      const res = probe.body === undefined ? await req : await req.send(probe.body);
      if (res.status !== row.expect[i]) {
        mismatches.push(`${caller}: expected ${row.expect[i]}, got ${res.status} ${JSON.stringify(res.body?.message)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
