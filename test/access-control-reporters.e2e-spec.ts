import fc from 'fast-check';
import { ElectionEvent } from '../src/election-events/entities/election-event.entity';
import { createTestApp, TestApp } from './app';
import { buildFixtures, Fixtures, freshObserverUser } from './access-control.fixtures';
import { ACCESS_TABLE, CALLERS } from './access-control.table';
import { deploymentBody, onElectionDay } from './factories/deployment.factory';
import { eventBody } from './factories/event.factory';
import { missionBody } from './factories/mission.factory';
import { observerBody } from './factories/observer.factory';

const OBSERVER = CALLERS.indexOf('observer');
const MAX_ID = 2_147_483_647;

type EventKind = 'meeting' | 'station_visit' | 'incident';
const KINDS: EventKind[] = ['meeting', 'station_visit', 'incident'];

/**
 * The rule under test: an observer user's report lists its own observer record and, besides it,
 * only members of its team; without observerIds it is filled with the observer itself. Another
 * observer named is 403 (existing or not: an observer user cannot read observer records), a list
 * without itself is 400.
 */
describe('Access control: an observer user reports as itself and its team only (e2e)', () => {
  let t: TestApp;
  let f: Fixtures;
  let teammate: number;
  let noTeam: number;
  let obsB: number;
  const inA = (rest = '') => `/api/v1/missions/${f.missionA}${rest}`;
  const observer = () => t.as(f.tokens.observer);

  beforeAll(async () => {
    t = await createTestApp();
    f = await buildFixtures(t);
    const create = async (path: string, body: object) => (await t.http().post(path).send(body).expect(201)).body.id;
    teammate = await create(inA('/observers'), observerBody({ teamId: f.teamA }));
    noTeam = await create(inA('/observers'), observerBody());
    const missionB = `/api/v1/missions/${f.missionB}`;
    obsB = await create(`${missionB}/observers`, observerBody());
    // A mission that does not hold the observers above: its ids are just numbers here.
    await t.http().post('/api/v1/missions').send(missionBody()).expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  const body = (kind: EventKind, observerIds?: number[]) => {
    const ids = observerIds === undefined ? {} : { observerIds };
    if (kind === 'meeting') return eventBody(ids);
    // At the station both fixture deployments cover (teamA's and teamA2's), in their window.
    const at = { occurredAt: onElectionDay(10), pollingStationId: f.stationA, ...ids };
    return kind === 'station_visit'
      ? { type: 'station_visit', title: 'Voting visit', stage: 'voting', overallAssessment: 'good', ...at }
      : { type: 'incident', title: 'Crowd inside', category: 'procedural', severity: 'low', ...at };
  };
  const eventsInA = () => t.dataSource.getRepository(ElectionEvent).countBy({ missionId: f.missionA });
  const deploymentStatus = async (id: number) =>
    (
      await t
        .http()
        .get(inA(`/deployments/${id}`))
        .expect(200)
    ).body.status as string;
  const ownEvent = async (kind: EventKind) => (await observer().post(inA('/events')).send(body(kind)).expect(201)).body;

  /** What the rule answers for `ids` sent by obsA's user, given what the event listed before. */
  const expected = (ids: number[], before: number[] = []) => {
    const allowed = new Set([f.obsA, teammate, ...before]);
    if (ids.some((id) => !allowed.has(id))) return 403;
    return ids.includes(f.obsA) ? 'ok' : 400;
  };

  it('covers every write an observer user can reach that carries observer ids', () => {
    const reachable = ACCESS_TABLE.filter(
      (row) => !row.route.startsWith('GET ') && ![401, 403, 404].includes(row.expect[OBSERVER]),
    ).map((row) => row.route);
    // Each route here is tested below, or carries no observer ids. A new one must be placed.
    expect([...new Set(reachable)].sort()).toEqual(
      [
        'DELETE /api/v1/missions/:missionId/events/:eventId', // no body
        'POST /api/v1/missions/:missionId/events', // create, below
        'PATCH /api/v1/missions/:missionId/events/:eventId', // edit, below
      ].sort(),
    );
  });

  describe.each(KINDS)('creating a %s', (kind) => {
    it('fills observerIds with the observer itself when they are left out', async () => {
      expect((await ownEvent(kind)).observerIds).toEqual([f.obsA]);
    });

    it('takes itself with members of its team', async () => {
      const res = await observer()
        .post(inA('/events'))
        .send(body(kind, [teammate, f.obsA]))
        .expect(201);
      expect(res.body.observerIds).toEqual([f.obsA, teammate].sort((a, b) => a - b));
    });

    it.each([
      ['another team’s observer', () => [f.obsA, f.obsA2]],
      ['an observer in no team', () => [f.obsA, noTeam]],
      ['only another observer', () => [f.obsA2]],
      ['an observer of another mission', () => [f.obsA, obsB]],
      ['an id that is no observer', () => [f.obsA, 999_999]],
    ])('refuses %s with 403 naming the ids, and stores nothing', async (_label, ids) => {
      const count = await eventsInA();
      const res = await observer().post(inA('/events')).send(body(kind, ids())).expect(403);
      const others = ids().filter((id) => id !== f.obsA);
      expect(res.body.message).toContain('observerIds');
      for (const id of others) expect(res.body.message).toContain(String(id));
      expect(await eventsInA()).toBe(count);
      expect(await deploymentStatus(f.deploymentOther)).toBe('planned');
    });

    it.each([
      ['a teammate without itself', () => [teammate]],
      ['an empty list', () => []],
    ])('refuses %s with 400 naming observerIds', async (_label, ids) => {
      const count = await eventsInA();
      const res = await observer().post(inA('/events')).send(body(kind, ids())).expect(400);
      expect(res.body.errors).toEqual([{ field: 'observerIds', message: expect.stringContaining(String(f.obsA)) }]);
      expect(await eventsInA()).toBe(count);
    });
  });

  it('no longer lets a station visit close another team’s deployment', async () => {
    await observer()
      .post(inA('/events'))
      .send(body('station_visit', [f.obsA2]))
      .expect(403);
    expect(await deploymentStatus(f.deploymentOther)).toBe('planned');
  });

  describe.each(KINDS)('editing its own %s', (kind) => {
    it('keeps observerIds when a PATCH leaves them out', async () => {
      const event = await ownEvent(kind);
      const res = await observer()
        .patch(inA(`/events/${event.id}`))
        .send({ title: 'Edited' })
        .expect(200);
      expect(res.body.observerIds).toEqual([f.obsA]);
    });

    it('adds a teammate; refuses another team’s observer (403) and a list without itself (400)', async () => {
      const event = await ownEvent(kind);
      const path = inA(`/events/${event.id}`);
      await observer()
        .patch(path)
        .send({ observerIds: [f.obsA, f.obsA2] })
        .expect(403);
      await observer()
        .patch(path)
        .send({ observerIds: [teammate] })
        .expect(400);
      await observer().patch(path).send({ observerIds: [] }).expect(400);
      const stored = await t.http().get(path).expect(200);
      expect([stored.body.observerIds, stored.body.version]).toEqual([[f.obsA], event.version]);
      const res = await observer()
        .patch(path)
        .send({ observerIds: [f.obsA, teammate] })
        .expect(200);
      expect(res.body.observerIds).toEqual([f.obsA, teammate].sort((a, b) => a - b));
    });
  });

  it('lets an edit keep an observer the report already lists after it left the team, not add one', async () => {
    const mover = (
      await t
        .http()
        .post(inA('/observers'))
        .send(observerBody({ teamId: f.teamA }))
        .expect(201)
    ).body;
    const leaver = (
      await t
        .http()
        .post(inA('/observers'))
        .send(observerBody({ teamId: f.teamA }))
        .expect(201)
    ).body;
    const event = (
      await observer()
        .post(inA('/events'))
        .send(body('meeting', [f.obsA, mover.id]))
        .expect(201)
    ).body;
    for (const o of [mover, leaver]) {
      await t
        .http()
        .patch(inA(`/observers/${o.id}`))
        .send({ teamId: f.teamA2 })
        .expect(200);
    }
    const path = inA(`/events/${event.id}`);
    await observer()
      .patch(path)
      .send({ observerIds: [f.obsA, mover.id, leaver.id] })
      .expect(403);
    await observer()
      .patch(path)
      .send({ observerIds: [f.obsA, mover.id], title: 'Kept' })
      .expect(200);
  });

  it('lets an observer in no team name only itself', async () => {
    const loner = await freshObserverUser(t, f, null);
    const as = t.as(loner.token);
    const filled = await as.post(inA('/events')).send(body('meeting')).expect(201);
    expect(filled.body.observerIds).toEqual([loner.observerId]);
    await as
      .post(inA('/events'))
      .send(body('meeting', [loner.observerId, noTeam]))
      .expect(403);
    await as
      .post(inA('/events'))
      .send(body('meeting', [loner.observerId, f.obsA]))
      .expect(403);
    await as
      .patch(inA(`/events/${filled.body.id}`))
      .send({ observerIds: [loner.observerId, noTeam] })
      .expect(403);
  });

  it('leaves admins and coordinators free to name any observers of the mission', async () => {
    for (const token of [t.adminToken, f.tokens.coordinator]) {
      const res = await t
        .as(token)
        .post(inA('/events'))
        .send(body('meeting', [f.obsA2, noTeam]))
        .expect(201);
      await t
        .as(token)
        .patch(inA(`/events/${res.body.id}`))
        .send({ observerIds: [teammate] })
        .expect(200);
    }
    const unnamed = await t.http().post(inA('/events')).send(body('meeting')).expect(201);
    expect(unnamed.body.observerIds).toEqual([]);
  });

  it('keeps an observer user away from the other writes that carry observer ids (403)', async () => {
    await observer()
      .post(inA('/deployments'))
      .send(deploymentBody({ observerId: f.obsA2, pollingStationId: f.stationA }))
      .expect(403);
    await observer()
      .patch(inA(`/deployments/${f.deploymentOwn}`))
      .send({ observerId: f.obsA2, teamId: null })
      .expect(403);
    await observer()
      .post(inA('/events/import'))
      .set('Content-Type', 'text/csv')
      .send(`station,stage,occurred_at,observer\n0001,opening,2024-02-07T08:00:00+04:00,${f.obsA2}\n`)
      .expect(403);
  });

  describe('property: any observer ids on any observer-reachable write', () => {
    // Ids an observer user may not name: another team's, no team's, another mission's, or none at all.
    const foreignId = () =>
      fc.oneof(
        fc.constantFrom(f.obsA2, noTeam, obsB),
        fc.integer({ min: 1, max: MAX_ID }).filter((id) => id !== f.obsA && id !== teammate),
      );
    const list = () =>
      fc
        .record({
          self: fc.boolean(),
          mate: fc.boolean(),
          foreign: fc.array(foreignId(), { maxLength: 3 }),
        })
        .chain(({ self, mate, foreign }) =>
          fc.shuffledSubarray([...new Set([...(self ? [f.obsA] : []), ...(mate ? [teammate] : []), ...foreign])], {
            minLength: 0,
          }),
        );

    it('creating: 403 when any other observer is named, 400 without itself, else stored as sent', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...KINDS), list(), async (kind, ids) => {
          const count = await eventsInA();
          const res = await observer().post(inA('/events')).send(body(kind, ids));
          const want = expected(ids);
          expect(res.status).toBe(want === 'ok' ? 201 : want);
          if (want === 'ok') expect(res.body.observerIds).toEqual([...ids].sort((a, b) => a - b));
          else expect(await eventsInA()).toBe(count);
        }),
        { numRuns: 60 },
      );
      expect(await deploymentStatus(f.deploymentOther)).toBe('planned');
    });

    it('editing: the same, and a refused edit leaves the report as it was', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...KINDS), list(), async (kind, ids) => {
          const event = await ownEvent(kind);
          const path = inA(`/events/${event.id}`);
          const res = await observer().patch(path).send({ observerIds: ids });
          const want = expected(ids, event.observerIds);
          expect(res.status).toBe(want === 'ok' ? 200 : want);
          const stored = (await t.http().get(path).expect(200)).body;
          if (want === 'ok') expect(stored.observerIds).toEqual([...ids].sort((a, b) => a - b));
          else expect([stored.observerIds, stored.version]).toEqual([event.observerIds, event.version]);
        }),
        { numRuns: 60 },
      );
      expect(await deploymentStatus(f.deploymentOther)).toBe('planned');
    });
  });
});
