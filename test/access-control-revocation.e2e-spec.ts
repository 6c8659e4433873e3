import fc from 'fast-check';
import { AuditEntry } from '../src/audit/entities/audit-entry.entity';
import { TOKEN_CACHE_TTL_MS } from '../src/auth/users.service';
import { Observer } from '../src/observers/entities/observer.entity';
import { createTestApp, TestApp } from './app';
import { buildFixtures, Fixtures, freshObserverUser } from './access-control.fixtures';
import { ACCESS_TABLE, AccessRow } from './access-control.table';
import { eventBody } from './factories/event.factory';
import { missionBody } from './factories/mission.factory';
import { observerBody } from './factories/observer.factory';

/** Every row of the access table inside a mission: a caller outside the mission gets 404 on each. */
const MISSION_ROWS = ACCESS_TABLE.filter((row) => row.route.includes(':missionId'));
const label = (row: AccessRow) => (row.variant ? `${row.route} (${row.variant})` : row.route);

describe('Access ends when what granted it goes (e2e)', () => {
  let t: TestApp;
  let f: Fixtures;
  beforeAll(async () => {
    t = await createTestApp();
    f = await buildFixtures(t);
  });
  afterAll(async () => {
    await t.close();
  });

  /** One access-table probe, sent by `token` on `on` (another instance sharing the database). */
  const send = async (token: string, row: AccessRow, on: TestApp = t) => {
    const probe = await row.probe(f);
    let req = on.as(token)[row.route.split(' ')[0].toLowerCase() as 'get'](probe.path);
    if (probe.csv) req = req.set('Content-Type', 'text/csv');
    return probe.body === undefined ? await req : await req.send(probe.body);
  };
  /** The mission-scoped rows that did not answer `token` 404, with what they answered. */
  const notHidden = async (token: string, rows: AccessRow[] = MISSION_ROWS) => {
    const wrong: string[] = [];
    for (const row of rows) {
      const res = await send(token, row);
      if (res.status !== 404) wrong.push(`${label(row)}: ${res.status}`);
    }
    return wrong;
  };
  const inA = (rest = '') => `/api/v1/missions/${f.missionA}${rest}`;

  describe('an observer user whose observer record is deleted', () => {
    it('loses every mission-scoped route at once (404), its missions and its record; its reports stay', async () => {
      const u = await freshObserverUser(t, f, f.teamA);
      // Used just before, as on a busy instance: the token's user sits in the cache.
      await t.as(u.token).get(inA()).expect(200);
      const report = (await t.as(u.token).post(inA('/events')).send(eventBody()).expect(201)).body.id;
      await t
        .http()
        .delete(inA(`/observers/${u.observerId}`))
        .expect(204);

      expect(await notHidden(u.token)).toEqual([]);
      const missions = await t.as(u.token).get('/api/v1/missions').expect(200);
      expect(missions.body).toMatchObject({ items: [], total: 0 });
      const me = await t.as(u.token).get('/api/v1/me').expect(200);
      expect(me.body).toMatchObject({ missionIds: [], observerId: null });
      const user = await t.http().get(`/api/v1/users/${u.userId}`).expect(200);
      expect(user.body).toMatchObject({ role: 'observer', missionIds: [], observerId: null });
      // The release is the user's change too, audited with who deleted the record.
      const audited = await t.dataSource
        .getRepository(AuditEntry)
        .findOneByOrFail({ entityType: 'user', entityId: u.userId, action: 'update' });
      expect(audited.changes).toMatchObject({
        before: { observerId: u.observerId, missionIds: [f.missionA] },
        after: { observerId: null, missionIds: [] },
      });
      // What it reported is the mission's record, not the user's: staff still read it.
      await t
        .http()
        .get(inA(`/events/${report}`))
        .expect(200);
    });

    it('can still be renamed or switched off, and speaks again for a new record it is given', async () => {
      const u = await freshObserverUser(t, f, f.teamA);
      await t
        .http()
        .delete(inA(`/observers/${u.observerId}`))
        .expect(204);
      const path = `/api/v1/users/${u.userId}`;
      await t.http().patch(path).send({ name: 'Released STO' }).expect(200);
      await t.http().patch(path).send({ active: false }).expect(200);
      await t.as(u.token).get('/api/v1/me').expect(401);
      const record = (
        await t
          .http()
          .post(inA('/observers'))
          .send(observerBody({ teamId: f.teamA }))
          .expect(201)
      ).body;
      const res = await t.http().patch(path).send({ observerId: record.id, active: true }).expect(200);
      expect(res.body).toMatchObject({ observerId: record.id, missionIds: [f.missionA] });
      await t.as(u.token).get(inA()).expect(200);
    });

    it('property: whatever it did before, whoever deletes the record, the next mission request is 404', async () => {
      const deleters = { admin: () => t.adminToken, coordinator: () => f.tokens.coordinator };
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            team: fc.constantFrom<'teamA' | 'teamA2' | null>('teamA', 'teamA2', null),
            before: fc.constantFrom(...MISSION_ROWS),
            reported: fc.boolean(),
            deleter: fc.constantFrom<keyof typeof deleters>('admin', 'coordinator'),
            after: fc.constantFrom(...MISSION_ROWS),
          }),
          async (s) => {
            const u = await freshObserverUser(t, f, s.team ? f[s.team] : null);
            await send(u.token, s.before);
            if (s.reported) await t.as(u.token).post(inA('/events')).send(eventBody()).expect(201);
            await t
              .as(deleters[s.deleter]())
              .delete(inA(`/observers/${u.observerId}`))
              .expect(204);
            expect(await notHidden(u.token, [s.after])).toEqual([]);
            expect((await t.as(u.token).get('/api/v1/me').expect(200)).body.missionIds).toEqual([]);
          },
        ),
        { numRuns: 40 },
      );
    });

    it(`loses its access on another instance sharing the database within TOKEN_CACHE_TTL_MS (${TOKEN_CACHE_TTL_MS} ms)`, async () => {
      // A second instance on the same database (its own empty one is dropped with it).
      const other = await createTestApp({ ...t.settings });
      try {
        const u = await freshObserverUser(t, f, f.teamA);
        // The other instance has the token's user cached.
        await other.as(u.token).get(inA()).expect(200);
        const deleted = Date.now();
        await t
          .http()
          .delete(inA(`/observers/${u.observerId}`))
          .expect(204);
        await t.as(u.token).get(inA()).expect(404);
        let status = 200;
        while (status !== 404 && Date.now() - deleted < TOKEN_CACHE_TTL_MS + 3_000) {
          status = (await other.as(u.token).get(inA())).status;
          if (status !== 404) await new Promise((resolve) => setTimeout(resolve, 200));
        }
        // Lost within the cache time; the loop's slack only absorbs a slow machine's requests.
        expect(status).toBe(404);
        await other.as(u.token).post(inA('/events')).send(eventBody()).expect(404);
        expect((await other.as(u.token).get('/api/v1/me').expect(200)).body.missionIds).toEqual([]);
      } finally {
        await other.close();
      }
    });
  });

  describe('an observer user left without its record before deletes released it', () => {
    it('loses its membership with the migration that releases such users', async () => {
      const u = await freshObserverUser(t, f, f.teamA);
      // As a delete did before: the database sets users.observerId to NULL, the membership stayed.
      await t.dataSource.getRepository(Observer).delete({ id: u.observerId });
      const orphan = await t.http().get(`/api/v1/users/${u.userId}`).expect(200);
      expect(orphan.body).toMatchObject({ observerId: null, missionIds: [f.missionA] });
      const migration = t.dataSource.migrations.find((m) => m.name?.startsWith('ReleaseOrphanObserverUsers'))!;
      const runner = t.dataSource.createQueryRunner();
      try {
        await migration.up(runner);
      } finally {
        await runner.release();
      }
      const released = await t.http().get(`/api/v1/users/${u.userId}`).expect(200);
      expect(released.body).toMatchObject({ observerId: null, missionIds: [] });
      expect(await notHidden(u.token)).toEqual([]);
    });
  });

  describe('a deleted mission', () => {
    it('leaves the missions of its users at once on this instance', async () => {
      const missionId = (await t.http().post('/api/v1/missions').send(missionBody()).expect(201)).body.id;
      const c = await t.createUser('coordinator', { missionIds: [f.missionA, missionId] });
      expect((await t.as(c.token).get('/api/v1/me').expect(200)).body.missionIds).toContain(missionId);
      await t.http().delete(`/api/v1/missions/${missionId}`).expect(204);
      expect((await t.as(c.token).get('/api/v1/me').expect(200)).body.missionIds).toEqual([f.missionA]);
    });
  });
});
