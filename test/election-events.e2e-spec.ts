import { AuditEntry } from '../src/audit/entities/audit-entry.entity';
import { ElectionEvent } from '../src/election-events/entities/election-event.entity';
import { Team } from '../src/teams/entities/team.entity';
import { IncidentStatusChange } from '../src/election-events/entities/incident-status-change.entity';
import { createTestApp, TestApp } from './app';
import { eventBody, insertObserver, insertStation } from './factories/event.factory';
import { missionBody } from './factories/mission.factory';

describe('Election events (e2e)', () => {
  let t: TestApp;
  let missionId: number;
  let otherMissionId: number;
  let observerId: number;
  let secondObserverId: number;
  let stationId: number;
  let foreignObserverId: number;
  let foreignStationId: number;
  const events = (m = missionId) => `/api/v1/missions/${m}/events`;

  beforeAll(async () => {
    t = await createTestApp();
    missionId = (await t.http().post('/api/v1/missions').send(missionBody()).expect(201)).body.id;
    otherMissionId = (
      await t
        .http()
        .post('/api/v1/missions')
        .send(missionBody({ name: 'Other' }))
        .expect(201)
    ).body.id;
    observerId = (await insertObserver(t.dataSource, missionId, { role: 'head_of_mission' })).id;
    secondObserverId = (await insertObserver(t.dataSource, missionId)).id;
    stationId = (await insertStation(t.dataSource, missionId)).id;
    foreignObserverId = (await insertObserver(t.dataSource, otherMissionId)).id;
    foreignStationId = (await insertStation(t.dataSource, otherMissionId)).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const countEvents = () => t.dataSource.getRepository(ElectionEvent).count();
  const create = async (overrides = {}, m = missionId) =>
    (await t.http().post(events(m)).send(eventBody(overrides)).expect(201)).body;

  describe('create and read', () => {
    it('records a meeting, stores the instant in UTC and answers the flat shape', async () => {
      const res = await t
        .http()
        .post(events())
        .send(eventBody({ observerIds: [observerId, secondObserverId], pollingStationId: stationId }))
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(Number),
        missionId,
        type: 'meeting',
        occurredAt: '2024-02-06T07:00:00.000Z',
        title: 'Meeting with the Minister of Foreign Affairs',
        description: null,
        observerIds: [observerId, secondObserverId],
        pollingStationId: stationId,
        counterpart: 'Jeyhun Bayramov',
        counterpartOrganization: 'Ministry of Foreign Affairs of the Republic of Azerbaijan',
        location: 'Baku',
        stage: null,
        overallAssessment: null,
        votersVoted: null,
        answers: {},
        category: null,
        severity: null,
        status: null,
        reviewState: 'unreviewed',
        flags: [],
        reviewNote: null,
        reviewedByUserId: null,
        reviewedAt: null,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const got = await t.http().get(`${events()}/${res.body.id}`).expect(200);
      expect(got.body).toEqual(res.body);
    });

    it.each(['meeting', 'briefing', 'press_conference', 'statement', 'other'])(
      'accepts the contact type %s',
      async (type) => {
        const body = await create({ type });
        expect(body.type).toBe(type);
      },
    );

    it('accepts a minimal station visit and an incident, which starts as reported with a trail', async () => {
      const visit = await create({
        type: 'station_visit',
        counterpart: undefined,
        counterpartOrganization: undefined,
        location: undefined,
        pollingStationId: stationId,
        stage: 'opening',
        overallAssessment: 'good',
        votersVoted: 0,
      });
      expect(visit).toMatchObject({
        type: 'station_visit',
        stage: 'opening',
        overallAssessment: 'good',
        votersVoted: 0,
      });
      const incident = await create({
        type: 'incident',
        counterpart: undefined,
        counterpartOrganization: undefined,
        location: undefined,
        category: 'procedural',
        severity: 'low',
      });
      expect(incident.status).toBe('reported');
      const trail = await t.dataSource.getRepository(IncidentStatusChange).findBy({ eventId: incident.id });
      expect(trail).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'reported' })]);
    });

    it('writes an audit entry for create, update and delete', async () => {
      const ev = await create();
      await t.http().patch(`${events()}/${ev.id}`).send({ title: 'Renamed' }).expect(200);
      await t.http().delete(`${events()}/${ev.id}`).expect(204);
      const entries = await t.dataSource
        .getRepository(AuditEntry)
        .find({ where: { entityType: 'event', entityId: ev.id }, order: { id: 'ASC' } });
      expect(entries.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
      expect(entries[0].missionId).toBe(missionId);
      expect(entries[1].changes).toEqual({ before: { title: ev.title }, after: { title: 'Renamed' } });
    });
  });

  describe('refuses bad input with 400 naming the field, storing nothing', () => {
    it.each([
      ['a time without offset', { occurredAt: '2024-02-06T11:00:00' }, 'occurredAt'],
      ['an impossible time', { occurredAt: '2024-02-30T11:00:00Z' }, 'occurredAt'],
      ['an unknown type', { type: 'picnic' }, 'type'],
      ['an empty title', { title: '   ' }, 'title'],
      ['an unknown field', { mood: 'good' } as never, 'mood'],
      ['observerIds that are not integers', { observerIds: ['x'] } as never, 'observerIds'],
      ['repeated observerIds', { observerIds: [1, 1] }, 'observerIds'],
      ['a stage on a meeting', { stage: 'opening' }, 'stage'],
      ['a category on a briefing', { type: 'briefing', category: 'violence' }, 'category'],
      [
        'a station visit without a station',
        {
          type: 'station_visit',
          counterpart: undefined,
          counterpartOrganization: undefined,
          location: undefined,
          stage: 'voting',
        },
        'pollingStationId',
      ],
      [
        'an incident without a category',
        {
          type: 'incident',
          counterpart: undefined,
          counterpartOrganization: undefined,
          location: undefined,
          severity: 'low',
        },
        'category',
      ],
      ['an incident with counterpart fields', { type: 'incident', category: 'other', severity: 'low' }, 'counterpart'],
      ['checklist answers on a meeting', { answers: { q1: 'yes' } }, 'answers'],
    ])('%s', async (_label, change, field) => {
      const before = await countEvents();
      const res = await t
        .http()
        .post(events())
        .send(eventBody(change as never))
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
      expect(await countEvents()).toBe(before);
    });

    it('an observer of another mission, naming observerIds and the id', async () => {
      const before = await countEvents();
      const res = await t
        .http()
        .post(events())
        .send(eventBody({ observerIds: [observerId, foreignObserverId] }))
        .expect(400);
      expect(res.body.message).toEqual([
        `observerIds: ${foreignObserverId} is not an observer of mission ${missionId}`,
      ]);
      expect(await countEvents()).toBe(before);
    });

    it('an observer that does not exist', async () => {
      const res = await t
        .http()
        .post(events())
        .send(eventBody({ observerIds: [999999] }))
        .expect(400);
      expect(res.body.message[0]).toMatch(/^observerIds: 999999/);
    });

    it('a polling station of another mission', async () => {
      const before = await countEvents();
      const res = await t
        .http()
        .post(events())
        .send(eventBody({ pollingStationId: foreignStationId }))
        .expect(400);
      expect(res.body.message).toEqual([
        `pollingStationId: ${foreignStationId} is not a polling station of mission ${missionId}`,
      ]);
      expect(await countEvents()).toBe(before);
    });
  });

  describe('update', () => {
    it('changes fields, replaces the observer list and bumps the version', async () => {
      const ev = await create({ observerIds: [observerId] });
      const res = await t
        .http()
        .patch(`${events()}/${ev.id}`)
        .send({ occurredAt: '2024-02-06T15:30:00+04:00', observerIds: [secondObserverId], version: 1 })
        .expect(200);
      expect(res.body).toMatchObject({
        occurredAt: '2024-02-06T11:30:00.000Z',
        observerIds: [secondObserverId],
        version: 2,
      });
      const again = await t.http().patch(`${events()}/${ev.id}`).send({ observerIds: [] }).expect(200);
      expect(again.body).toMatchObject({ observerIds: [], version: 3 });
    });

    it('clears an optional field with null', async () => {
      const ev = await create({ description: 'Notes' });
      const res = await t.http().patch(`${events()}/${ev.id}`).send({ description: null, location: null }).expect(200);
      expect(res.body).toMatchObject({ description: null, location: null });
    });

    it('re-labels a meeting as a briefing but refuses turning it into an incident', async () => {
      const ev = await create();
      await t.http().patch(`${events()}/${ev.id}`).send({ type: 'briefing' }).expect(200);
      const res = await t
        .http()
        .patch(`${events()}/${ev.id}`)
        .send({ type: 'incident', category: 'other', severity: 'low' })
        .expect(400);
      expect(res.body.message[0]).toMatch(/^type cannot change from briefing to incident/);
      expect((await t.http().get(`${events()}/${ev.id}`)).body.type).toBe('briefing');
    });

    it.each([
      ['title', { title: null }],
      ['occurredAt', { occurredAt: null }],
      ['type', { type: null }],
      ['observerIds', { observerIds: null }],
    ])('refuses emptying %s (400) and keeps the event', async (field, change) => {
      const ev = await create();
      const res = await t.http().patch(`${events()}/${ev.id}`).send(change).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
      expect((await t.http().get(`${events()}/${ev.id}`)).body).toEqual(ev);
    });

    it('refuses a field the type does not use and a station of another mission', async () => {
      const ev = await create();
      const a = await t.http().patch(`${events()}/${ev.id}`).send({ severity: 'high' }).expect(400);
      expect(a.body.message[0]).toMatch(/^severity does not apply to meeting events/);
      const b = await t.http().patch(`${events()}/${ev.id}`).send({ pollingStationId: foreignStationId }).expect(400);
      expect(b.body.message[0]).toMatch(/^pollingStationId/);
      const c = await t
        .http()
        .patch(`${events()}/${ev.id}`)
        .send({ observerIds: [foreignObserverId] })
        .expect(400);
      expect(c.body.message[0]).toMatch(/^observerIds/);
      expect((await t.http().get(`${events()}/${ev.id}`)).body).toEqual(ev);
    });

    it('refuses a stale version with 409 and keeps the stored values', async () => {
      const ev = await create();
      await t.http().patch(`${events()}/${ev.id}`).send({ title: 'First', version: 1 }).expect(200);
      const res = await t.http().patch(`${events()}/${ev.id}`).send({ title: 'Stale', version: 1 }).expect(409);
      expect(res.body.message).toMatch(/changed by someone else/);
      expect((await t.http().get(`${events()}/${ev.id}`)).body).toMatchObject({ title: 'First', version: 2 });
    });

    it('records each move of an incident status', async () => {
      const inc = await create({
        type: 'incident',
        counterpart: undefined,
        counterpartOrganization: undefined,
        location: undefined,
        category: 'vote_buying',
        severity: 'high',
      });
      // Status moves go through the verification route (coordinators), not PATCH: see incidents.e2e-spec.ts.
      await t.http().patch(`${events()}/${inc.id}`).send({ status: 'verified' }).expect(400);
      await t.http().post(`${events()}/${inc.id}/status`).send({ status: 'verified' }).expect(200);
      const trail = await t.dataSource
        .getRepository(IncidentStatusChange)
        .find({ where: { eventId: inc.id }, order: { id: 'ASC' } });
      expect(trail.map((c) => [c.fromStatus, c.toStatus])).toEqual([
        [null, 'reported'],
        ['reported', 'verified'],
      ]);
    });
  });

  describe('missions and ids', () => {
    it('answers 404 for an event of another mission, on every route, and changes nothing', async () => {
      const foreign = await create({}, otherMissionId);
      await t.http().get(`${events()}/${foreign.id}`).expect(404);
      await t.http().patch(`${events()}/${foreign.id}`).send({ title: 'Hijacked' }).expect(404);
      await t.http().delete(`${events()}/${foreign.id}`).expect(404);
      expect(
        (
          await t
            .http()
            .get(`${events(otherMissionId)}/${foreign.id}`)
            .expect(200)
        ).body,
      ).toEqual(foreign);
    });

    it('answers 404 for a mission that does not exist and 400 for ids that are not ids', async () => {
      await t.http().get(events(999999)).expect(404);
      await t.http().post(events(999999)).send(eventBody()).expect(404);
      await t.http().get(`${events()}/999999`).expect(404);
      await t.http().get(`${events()}/abc`).expect(400);
      await t.http().get('/api/v1/missions/abc/events').expect(400);
    });

    it('refuses every write in a closed mission with 409 and changes nothing', async () => {
      const m = (
        await t
          .http()
          .post('/api/v1/missions')
          .send(missionBody({ name: 'Closing' }))
          .expect(201)
      ).body;
      const ev = await create({}, m.id);
      await t.http().patch(`/api/v1/missions/${m.id}`).send({ status: 'closed' }).expect(200);
      const before = await countEvents();
      const res = await t.http().post(events(m.id)).send(eventBody()).expect(409);
      expect(res.body.message).toMatch(/closed/);
      await t
        .http()
        .patch(`${events(m.id)}/${ev.id}`)
        .send({ title: 'Changed' })
        .expect(409);
      await t
        .http()
        .delete(`${events(m.id)}/${ev.id}`)
        .expect(409);
      expect(await countEvents()).toBe(before);
      expect((await t.http().get(`${events(m.id)}/${ev.id}`)).body).toEqual(ev);
    });

    it('deletes an event (204), its observer links with it, then answers 404', async () => {
      const ev = await create({ observerIds: [observerId] });
      await t.http().delete(`${events()}/${ev.id}`).expect(204);
      await t.http().get(`${events()}/${ev.id}`).expect(404);
      const links = await t.dataSource.query(
        t.dataSource.options.type === 'postgres'
          ? 'SELECT COUNT(*) AS n FROM event_observers WHERE "eventId" = $1'
          : 'SELECT COUNT(*) AS n FROM event_observers WHERE "eventId" = ?',
        [ev.id],
      );
      expect(Number(links[0].n)).toBe(0);
    });
  });

  describe('list', () => {
    let m: number;
    let team: number;
    beforeAll(async () => {
      m = (
        await t
          .http()
          .post('/api/v1/missions')
          .send(missionBody({ name: 'Listing' }))
          .expect(201)
      ).body.id;
      team = (await t.dataSource.getRepository(Team).save({ missionId: m, code: 'T1' })).id;
      const member = await insertObserver(t.dataSource, m, { teamId: team });
      const loner = await insertObserver(t.dataSource, m);
      const station = await insertStation(t.dataSource, m, { region: 'Shusha' });
      // Created out of order: the list must sort by occurredAt, not by id.
      await create({ title: 'third', occurredAt: '2024-02-07T20:00:00+04:00', type: 'statement' }, m);
      await create({ title: 'first', occurredAt: '2024-02-05T09:00:00+04:00', observerIds: [member.id] }, m);
      await create(
        {
          title: 'second',
          occurredAt: '2024-02-06T23:30:00-01:00',
          type: 'briefing',
          observerIds: [loner.id],
          pollingStationId: station.id,
        },
        m,
      );
    });

    const titles = async (query: Record<string, unknown>) => {
      const res = await t.http().get(events(m)).query(query).expect(200);
      return res.body.items.map((e: { title: string }) => e.title);
    };

    it('orders by occurredAt and pages with a total', async () => {
      expect(await titles({})).toEqual(['first', 'second', 'third']);
      const res = await t.http().get(events(m)).query({ limit: 1, offset: 1 }).expect(200);
      expect(res.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
      expect(res.body.items.map((e: { title: string }) => e.title)).toEqual(['second']);
    });

    it('filters by type', async () => {
      expect(await titles({ type: 'briefing' })).toEqual(['second']);
    });

    it('filters by from and to, comparing instants whatever their offsets', async () => {
      // "second" is 2024-02-07T00:30Z; the bounds are written in Baku time.
      expect(await titles({ from: '2024-02-07T04:30:00+04:00' })).toEqual(['second', 'third']);
      expect(await titles({ from: '2024-02-07T04:30:01+04:00' })).toEqual(['third']);
      expect(await titles({ to: '2024-02-07T04:30:00+04:00' })).toEqual(['first', 'second']);
      expect(await titles({ from: '2024-02-05T00:00:00Z', to: '2024-02-06T00:00:00Z' })).toEqual(['first']);
    });

    it('filters by observer, team, station and region', async () => {
      const all = (await t.http().get(events(m)).expect(200)).body.items;
      const second = all.find((e: { title: string }) => e.title === 'second');
      expect(await titles({ observerId: second.observerIds[0] })).toEqual(['second']);
      expect(await titles({ teamId: team })).toEqual(['first']);
      expect(await titles({ pollingStationId: second.pollingStationId })).toEqual(['second']);
      expect(await titles({ region: 'Shusha' })).toEqual(['second']);
      expect(await titles({ region: 'Nowhere' })).toEqual([]);
    });

    it.each([
      ['from after to', { from: '2024-02-08T00:00:00Z', to: '2024-02-07T00:00:00Z' }, 'to'],
      ['a from without offset', { from: '2024-02-08T10:00' }, 'from'],
      ['an unknown type', { type: 'picnic' }, 'type'],
      ['a limit above 500', { limit: 501 }, 'limit'],
      ['an observerId that is not a number', { observerId: 'x' }, 'observerId'],
    ])('refuses %s with 400', async (_label, query, field) => {
      const res = await t.http().get(events(m)).query(query).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });
  });
});
