import { Deployment } from '../src/deployments/entities/deployment.entity';
import { systemCaller } from '../src/common/request-context';
import { DatabaseWriter } from '../src/database/database-writer.service';
import { WriteSet } from '../src/database/write-set';
import { DeploymentsService } from '../src/deployments/deployments.service';
import { ElectionEvent } from '../src/election-events/entities/election-event.entity';
import { deploymentBody, insertMissionPeople, MissionPeople, onElectionDay } from './factories/deployment.factory';
import { missionBody } from './factories/mission.factory';
import { createTestApp, TestApp } from './app';

describe('Deployments (e2e)', () => {
  let t: TestApp;
  let missionId: number;
  let p: MissionPeople;
  let other: MissionPeople;
  let otherMissionId: number;

  const url = (suffix = '', mission = missionId) => `/api/v1/missions/${mission}/deployments${suffix}`;
  const stored = (mission = missionId) => t.dataSource.getRepository(Deployment).countBy({ missionId: mission });
  const newMission = async () => {
    const id = (await t.http().post('/api/v1/missions').send(missionBody()).expect(201)).body.id as number;
    return { id, people: await insertMissionPeople(t.dataSource, id) };
  };

  beforeAll(async () => {
    t = await createTestApp();
    ({ id: missionId, people: p } = await newMission());
    ({ id: otherMissionId, people: other } = await newMission());
  });
  afterAll(async () => {
    await t.close();
  });

  it('deploys a team to a station for stages in a window', async () => {
    const { id, people } = await newMission();
    const res = await t
      .http()
      .post(url('', id))
      .send(
        deploymentBody({
          teamId: people.teams[0].id,
          pollingStationId: people.stations[0].id,
          stages: ['voting', 'opening'],
        }),
      )
      .expect(201);
    expect(res.body).toMatchObject({
      id: expect.any(Number),
      missionId: id,
      teamId: people.teams[0].id,
      observerId: null,
      pollingStationId: people.stations[0].id,
      stages: ['opening', 'voting'],
      startsAt: '2024-02-07T03:00:00.000Z',
      endsAt: '2024-02-07T08:00:00.000Z',
      status: 'planned',
      version: 1,
    });
    const got = await t
      .http()
      .get(url(`/${res.body.id}`, id))
      .expect(200);
    expect(got.body).toEqual(res.body);
  });

  describe('refuses a bad body with 400 naming the field, and stores nothing', () => {
    const cases: [string, () => object, string][] = [
      [
        'both a team and an observer',
        () => ({ teamId: p.teams[0].id, observerId: p.observers[2].id }),
        'teamId: a deployment is for a team or for one observer, not both',
      ],
      ['neither a team nor an observer', () => ({}), 'teamId: a deployment needs a teamId or an observerId'],
      ['no stages', () => ({ teamId: p.teams[0].id, stages: [] }), 'stages should not be empty'],
      [
        'a repeated stage',
        () => ({ teamId: p.teams[0].id, stages: ['voting', 'voting'] }),
        'stages must not repeat a stage',
      ],
      ['an unknown stage', () => ({ teamId: p.teams[0].id, stages: ['lunch'] }), 'each of stages must be one of'],
      ['an empty window', () => ({ teamId: p.teams[0].id, endsAt: onElectionDay(7) }), 'endsAt must be after startsAt'],
      [
        'a window ending before it starts',
        () => ({ teamId: p.teams[0].id, endsAt: onElectionDay(6) }),
        'endsAt must be after startsAt',
      ],
      [
        'a time without offset',
        () => ({ teamId: p.teams[0].id, startsAt: '2024-02-07T07:00:00' }),
        'startsAt must be an ISO 8601 date-time with an offset',
      ],
      [
        'an unknown status',
        () => ({ teamId: p.teams[0].id, status: 'maybe' }),
        'status must be one of the following values',
      ],
      ['an unknown field', () => ({ teamId: p.teams[0].id, vehicle: 'jeep' }), 'property vehicle should not exist'],
      ['a team id that is not an integer', () => ({ teamId: 'one' }), 'teamId must be an integer number'],
      ['a huge id', () => ({ teamId: 99999999999 }), 'teamId must not be greater than 2147483647'],
    ];
    it.each(cases)('%s', async (_label, change, message) => {
      const before = await stored();
      const res = await t
        .http()
        .post(url())
        .send(deploymentBody({ pollingStationId: p.stations[0].id, ...change() }))
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain(message);
      expect(await stored()).toBe(before);
    });

    it('a station, team or observer of another mission', async () => {
      const before = await stored();
      const station = other.stations[0].id;
      let res = await t
        .http()
        .post(url())
        .send(deploymentBody({ teamId: p.teams[0].id, pollingStationId: station }))
        .expect(400);
      expect(res.body.message).toEqual([`pollingStationId: station ${station} does not exist in this mission`]);
      res = await t
        .http()
        .post(url())
        .send(deploymentBody({ teamId: other.teams[0].id, pollingStationId: p.stations[0].id }))
        .expect(400);
      expect(res.body.message).toEqual([`teamId: team ${other.teams[0].id} does not exist in this mission`]);
      res = await t
        .http()
        .post(url())
        .send(deploymentBody({ observerId: other.observers[0].id, pollingStationId: 999999 }))
        .expect(400);
      expect(res.body.message).toEqual([
        'pollingStationId: station 999999 does not exist in this mission',
        `observerId: observer ${other.observers[0].id} does not exist in this mission`,
      ]);
      expect(await stored()).toBe(before);
    });
  });

  describe('one place at a time (409)', () => {
    let m: number;
    let q: MissionPeople;
    const post = (body: object) =>
      t
        .http()
        .post(url('', m))
        .send(deploymentBody({ pollingStationId: q.stations[0].id, ...body }));

    beforeEach(async () => {
      ({ id: m, people: q } = await newMission());
    });

    it('refuses a team in two places at once, naming where it already is', async () => {
      const first = (await post({ teamId: q.teams[0].id }).expect(201)).body;
      const res = await post({
        teamId: q.teams[0].id,
        pollingStationId: q.stations[1].id,
        startsAt: onElectionDay(11),
        endsAt: onElectionDay(15),
      }).expect(409);
      expect(res.body.message).toBe(
        `Team ${q.teams[0].id} is already deployed from 2024-02-07T03:00:00.000Z to 2024-02-07T08:00:00.000Z ` +
          `(deployment ${first.id}, station ${q.stations[0].id}); a team or observer cannot be in two places at once`,
      );
      expect(await stored(m)).toBe(1);
    });

    it('allows windows that only touch, another team at the same time, and a cancelled deployment’s window', async () => {
      await post({ teamId: q.teams[0].id }).expect(201);
      await post({ teamId: q.teams[0].id, startsAt: onElectionDay(12), endsAt: onElectionDay(16) }).expect(201);
      await post({ teamId: q.teams[0].id, startsAt: onElectionDay(5), endsAt: onElectionDay(7) }).expect(201);
      await post({ teamId: q.teams[1].id }).expect(201);
      const cancelled = (
        await post({
          teamId: q.teams[1].id,
          startsAt: onElectionDay(18),
          endsAt: onElectionDay(22),
          status: 'cancelled',
        }).expect(201)
      ).body;
      await post({ teamId: q.teams[1].id, startsAt: onElectionDay(19), endsAt: onElectionDay(21) }).expect(201);
      expect(cancelled.status).toBe('cancelled');
      expect(await stored(m)).toBe(6);
    });

    it('refuses an observer alone in two places at once', async () => {
      await post({ observerId: q.observers[2].id }).expect(201);
      const res = await post({ observerId: q.observers[2].id, startsAt: onElectionDay(8) }).expect(409);
      expect(res.body.message).toMatch(new RegExp(`^Observer ${q.observers[2].id} is already deployed from`));
      expect(await stored(m)).toBe(1);
    });

    it('refuses a member alone while the team is deployed, and the team while a member is deployed alone', async () => {
      await post({ teamId: q.teams[0].id }).expect(201);
      let res = await post({ observerId: q.observers[0].id, pollingStationId: q.stations[2].id }).expect(409);
      expect(res.body.message).toMatch(
        new RegExp(`^Observer ${q.observers[0].id} is in team ${q.teams[0].id}, which is already deployed`),
      );
      await post({ observerId: q.observers[3].id, pollingStationId: q.stations[2].id }).expect(201);
      res = await post({ teamId: q.teams[1].id, pollingStationId: q.stations[1].id }).expect(409);
      expect(res.body.message).toMatch(
        new RegExp(`^Observer ${q.observers[3].id} of team ${q.teams[1].id} is already deployed alone`),
      );
      expect(await stored(m)).toBe(2);
    });

    it('checks a PATCH that moves a deployment, and a cancelled one brought back', async () => {
      const a = (await post({ teamId: q.teams[0].id }).expect(201)).body;
      const b = (
        await post({ teamId: q.teams[0].id, startsAt: onElectionDay(13), endsAt: onElectionDay(18) }).expect(201)
      ).body;
      await t
        .http()
        .patch(url(`/${b.id}`, m))
        .send({ startsAt: onElectionDay(11) })
        .expect(409);
      await t
        .http()
        .patch(url(`/${b.id}`, m))
        .send({ status: 'cancelled' })
        .expect(200);
      await t
        .http()
        .patch(url(`/${b.id}`, m))
        .send({ startsAt: onElectionDay(11) })
        .expect(200);
      const res = await t
        .http()
        .patch(url(`/${b.id}`, m))
        .send({ status: 'planned' })
        .expect(409);
      expect(res.body.message).toContain(`deployment ${a.id}`);
      const got = (
        await t
          .http()
          .get(url(`/${b.id}`, m))
          .expect(200)
      ).body;
      expect(got).toMatchObject({ status: 'cancelled', startsAt: '2024-02-07T07:00:00.000Z', version: 3 });
      // A deployment does not conflict with itself.
      await t
        .http()
        .patch(url(`/${a.id}`, m))
        .send({ endsAt: onElectionDay(12, 30) })
        .expect(200);
    });

    it.each([
      ['of one team', (q: MissionPeople) => Array.from({ length: 20 }, () => ({ teamId: q.teams[0].id }))],
      [
        'of a team and its members alone',
        (q: MissionPeople) =>
          Array.from({ length: 20 }, (_, i) =>
            i % 3 === 0 ? { teamId: q.teams[0].id } : { observerId: q.observers[i % 3 === 1 ? 0 : 1].id },
          ),
      ],
    ])('lets exactly one of 20 simultaneous overlapping deployments %s through', async (_label, bodies) => {
      const responses = await Promise.all(
        bodies(q).map((body, i) =>
          post({
            ...body,
            pollingStationId: q.stations[i % 3].id,
            startsAt: onElectionDay(7, i),
            endsAt: onElectionDay(12, i),
          }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      expect(await stored(m)).toBe(1);
    });
  });

  describe('PATCH and DELETE', () => {
    let m: number;
    let q: MissionPeople;
    let d: Deployment & { id: number };
    beforeEach(async () => {
      ({ id: m, people: q } = await newMission());
      d = (
        await t
          .http()
          .post(url('', m))
          .send(deploymentBody({ teamId: q.teams[0].id, pollingStationId: q.stations[0].id }))
          .expect(201)
      ).body;
    });
    const get = async () =>
      (
        await t
          .http()
          .get(url(`/${d.id}`, m))
          .expect(200)
      ).body;

    it('changes the station, stages and status, and hands a team deployment to one observer', async () => {
      const res = await t
        .http()
        .patch(url(`/${d.id}`, m))
        .send({ pollingStationId: q.stations[1].id, stages: ['counting', 'closing'], status: 'done', version: 1 })
        .expect(200);
      expect(res.body).toMatchObject({
        pollingStationId: q.stations[1].id,
        stages: ['closing', 'counting'],
        status: 'done',
        version: 2,
      });
      const moved = await t
        .http()
        .patch(url(`/${d.id}`, m))
        .send({ teamId: null, observerId: q.observers[2].id })
        .expect(200);
      expect(moved.body).toMatchObject({ teamId: null, observerId: q.observers[2].id });
    });

    it.each([
      [
        'an observer without dropping the team',
        { observerId: 1 },
        'teamId: a deployment is for a team or for one observer, not both',
      ],
      ['no team and no observer', { teamId: null }, 'teamId: a deployment needs a teamId or an observerId'],
      ['a null station', { pollingStationId: null }, 'pollingStationId must not be null'],
      ['a null window', { startsAt: null }, 'startsAt must not be null'],
      ['an end before the stored start', { endsAt: onElectionDay(6) }, 'endsAt must be after startsAt'],
      [
        'a station of another mission',
        () => ({ pollingStationId: other.stations[0].id }),
        'does not exist in this mission',
      ],
    ])('refuses %s with 400 and changes nothing', async (_label, change, message) => {
      const before = await get();
      const body = typeof change === 'function' ? change() : change;
      const res = await t
        .http()
        .patch(url(`/${d.id}`, m))
        .send(body)
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain(message);
      expect(await get()).toEqual(before);
    });

    it('refuses a stale version with 409 and keeps the stored values', async () => {
      await t
        .http()
        .patch(url(`/${d.id}`, m))
        .send({ status: 'done', version: 1 })
        .expect(200);
      const res = await t
        .http()
        .patch(url(`/${d.id}`, m))
        .send({ status: 'cancelled', version: 1 })
        .expect(409);
      expect(res.body.message).toMatch(/changed by someone else/);
      expect(await get()).toMatchObject({ status: 'done', version: 2 });
    });

    it('deletes (204), then answers 404', async () => {
      await t
        .http()
        .delete(url(`/${d.id}`, m))
        .expect(204);
      await t
        .http()
        .get(url(`/${d.id}`, m))
        .expect(404);
      expect(await stored(m)).toBe(0);
    });

    it('answers 404 for another mission’s deployment id, and changes nothing', async () => {
      const before = await get();
      await t
        .http()
        .get(url(`/${d.id}`, otherMissionId))
        .expect(404);
      await t
        .http()
        .patch(url(`/${d.id}`, otherMissionId))
        .send({ status: 'done' })
        .expect(404);
      await t
        .http()
        .delete(url(`/${d.id}`, otherMissionId))
        .expect(404);
      await t.http().get(url('/999999', m)).expect(404);
      await t.http().get(url('/abc', m)).expect(400);
      await t.http().get(url('', 999999)).expect(404);
      await t
        .http()
        .post(url('', 999999))
        .send(deploymentBody({ teamId: q.teams[0].id, pollingStationId: q.stations[0].id }))
        .expect(404);
      expect(await get()).toEqual(before);
    });

    it('makes a closed mission’s deployments read-only (409)', async () => {
      const before = await get();
      await t.http().patch(`/api/v1/missions/${m}`).send({ status: 'closed' }).expect(200);
      const body = deploymentBody({ teamId: q.teams[1].id, pollingStationId: q.stations[1].id });
      expect((await t.http().post(url('', m)).send(body).expect(409)).body.message).toMatch(/closed/);
      await t
        .http()
        .patch(url(`/${d.id}`, m))
        .send({ status: 'done' })
        .expect(409);
      await t
        .http()
        .delete(url(`/${d.id}`, m))
        .expect(409);
      expect(await get()).toEqual(before);
      expect(await stored(m)).toBe(1);
    });

    it('writes an audit entry for each change', async () => {
      await t
        .http()
        .patch(url(`/${d.id}`, m))
        .send({ status: 'done' })
        .expect(200);
      await t
        .http()
        .delete(url(`/${d.id}`, m))
        .expect(204);
      const rows = await t.dataSource.query(
        t.dataSource.options.type === 'postgres'
          ? `SELECT "action" FROM audit_entries WHERE "entityType" = 'deployment' AND "entityId" = $1 ORDER BY id`
          : `SELECT action FROM audit_entries WHERE entityType = 'deployment' AND entityId = ? ORDER BY id`,
        [d.id],
      );
      expect(rows.map((r: { action: string }) => r.action)).toEqual(['create', 'update', 'delete']);
    });
  });

  describe('lists', () => {
    let m: number;
    let q: MissionPeople;
    const ids: Record<string, number> = {};
    beforeAll(async () => {
      ({ id: m, people: q } = await newMission());
      const make = async (name: string, body: object) => {
        ids[name] = (await t.http().post(url('', m)).send(deploymentBody(body)).expect(201)).body.id;
      };
      await make('teamMorning', {
        teamId: q.teams[0].id,
        pollingStationId: q.stations[0].id,
        stages: ['opening'],
        startsAt: onElectionDay(7),
        endsAt: onElectionDay(9),
      });
      await make('teamEvening', {
        teamId: q.teams[0].id,
        pollingStationId: q.stations[1].id,
        stages: ['closing', 'counting'],
        startsAt: onElectionDay(19),
        endsAt: onElectionDay(23),
      });
      await make('alone', {
        observerId: q.observers[2].id,
        pollingStationId: q.stations[1].id,
        stages: ['voting'],
        startsAt: onElectionDay(10),
        endsAt: onElectionDay(14),
      });
      await make('otherTeam', {
        teamId: q.teams[1].id,
        pollingStationId: q.stations[2].id,
        stages: ['voting'],
        startsAt: onElectionDay(8),
        endsAt: onElectionDay(12),
        status: 'cancelled',
      });
    });
    const list = async (query: object) => {
      const res = await t.http().get(url('', m)).query(query).expect(200);
      return res.body.items.map((d: { id: number }) => Object.keys(ids).find((k) => ids[k] === d.id));
    };

    it('filters by team, observer, station, stage, status and time', async () => {
      expect(await list({})).toEqual(['teamMorning', 'otherTeam', 'alone', 'teamEvening']);
      expect(await list({ teamId: q.teams[0].id })).toEqual(['teamMorning', 'teamEvening']);
      // An observer's deployments include those of the team they are in.
      expect(await list({ observerId: q.observers[0].id })).toEqual(['teamMorning', 'teamEvening']);
      expect(await list({ observerId: q.observers[2].id })).toEqual(['alone']);
      expect(await list({ observerId: other.observers[0].id })).toEqual([]);
      expect(await list({ pollingStationId: q.stations[1].id })).toEqual(['alone', 'teamEvening']);
      expect(await list({ stage: 'counting' })).toEqual(['teamEvening']);
      expect(await list({ stage: 'voting' })).toEqual(['otherTeam', 'alone']);
      expect(await list({ status: 'cancelled' })).toEqual(['otherTeam']);
      expect(await list({ from: onElectionDay(9), to: onElectionDay(19) })).toEqual(['otherTeam', 'alone']);
      expect(await list({ from: '2024-02-07T15:00:00Z' })).toEqual(['teamEvening']);
    });

    it('pages', async () => {
      const res = await t.http().get(url('', m)).query({ limit: 2, offset: 1 }).expect(200);
      expect(res.body).toMatchObject({ total: 4, limit: 2, offset: 1 });
      expect(res.body.items.map((d: { id: number }) => d.id)).toEqual([ids.otherTeam, ids.alone]);
    });

    it.each([
      [{ stage: 'lunch' }, 'stage'],
      [{ status: 'maybe' }, 'status'],
      [{ teamId: 'x' }, 'teamId'],
      [{ from: 'yesterday' }, 'from'],
      [{ from: onElectionDay(12), to: onElectionDay(9) }, 'to must be after from'],
      [{ limit: 501 }, 'limit'],
    ])('refuses the filter %p with 400', async (query, message) => {
      const res = await t.http().get(url('', m)).query(query).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(message);
    });
  });

  describe('after the day: visits and missing reports', () => {
    it('marks planned deployments done for a visit, and lists those without a report', async () => {
      const { id: m, people: q } = await newMission();
      const service = t.app.get(DeploymentsService);
      const make = async (body: object) =>
        (await t.http().post(url('', m)).send(deploymentBody(body)).expect(201)).body.id as number;
      const reported = await make({
        teamId: q.teams[0].id,
        pollingStationId: q.stations[0].id,
        stages: ['opening'],
        startsAt: onElectionDay(6),
        endsAt: onElectionDay(9),
      });
      const silent = await make({
        observerId: q.observers[2].id,
        pollingStationId: q.stations[1].id,
        stages: ['voting'],
        startsAt: onElectionDay(10),
        endsAt: onElectionDay(14),
      });
      const wrongStage = await make({
        teamId: q.teams[1].id,
        pollingStationId: q.stations[2].id,
        stages: ['voting'],
        startsAt: onElectionDay(9),
        endsAt: onElectionDay(12),
      });
      const future = await make({
        teamId: q.teams[0].id,
        pollingStationId: q.stations[1].id,
        stages: ['counting'],
        startsAt: '2099-01-01T00:00:00Z',
        endsAt: '2099-01-01T06:00:00Z',
      });
      const visit = async (stationId: number, stage: 'opening' | 'voting', at: string, observerId: number) =>
        t.dataSource.getRepository(ElectionEvent).save({
          missionId: m,
          type: 'station_visit' as const,
          title: 'Visit',
          occurredAt: new Date(at),
          pollingStationId: stationId,
          stage,
          observers: [{ id: observerId }],
        });
      // Observer 1 of team 0 reports the opening: that covers the team's deployment.
      await visit(q.stations[0].id, 'opening', onElectionDay(7, 30), q.observers[1].id);
      // Team 1 reports the opening where it was deployed for voting: not a report of that deployment.
      await visit(q.stations[2].id, 'opening', onElectionDay(10), q.observers[3].id);

      const asOf = new Date('2024-02-08T00:00:00Z');
      const missing = await service.listWithoutReport(m, { asOf });
      expect(missing.map((d) => d.id)).toEqual([wrongStage, silent]);
      expect(await service.countWithoutReport(m, { asOf })).toBe(2);
      expect(await service.countWithoutReport(m, { asOf: new Date('2100-01-01T00:00:00Z') })).toBe(3);

      // The changes are recorded, and written when the writer's transaction ends.
      const marking = <T>(work: (writes: WriteSet) => Promise<T>) =>
        t.app.get(DatabaseWriter).transaction((_em, writes) => work(writes));
      /** A visit at `station` and `stage` at `at`, reported by `who`, as the system. */
      const markVisit = (
        writes: WriteSet,
        station: number,
        stage: 'opening' | 'voting',
        at: string,
        who: { observerIds?: number[]; teamIds?: number[] },
      ) => service.markDoneForVisit(systemCaller('test'), writes, m, station, stage, new Date(at), who);
      const done = await marking((writes) =>
        markVisit(writes, q.stations[0].id, 'opening', onElectionDay(7, 30), { observerIds: [q.observers[1].id] }),
      );
      expect(done.map((d) => [d.id, d.status])).toEqual([[reported, 'done']]);
      // Wrong stage, wrong station, outside the window or another team: nothing changes.
      const none = await marking(async (writes) => [
        ...(await markVisit(writes, q.stations[2].id, 'opening', onElectionDay(10), {
          observerIds: [q.observers[3].id],
        })),
        ...(await markVisit(writes, q.stations[1].id, 'voting', onElectionDay(15), {
          observerIds: [q.observers[2].id],
        })),
        ...(await markVisit(writes, q.stations[1].id, 'voting', onElectionDay(11), { teamIds: [q.teams[0].id] })),
      ]);
      expect(none).toEqual([]);
      const byId = async (id: number) =>
        (
          await t
            .http()
            .get(url(`/${id}`, m))
            .expect(200)
        ).body.status;
      expect([await byId(reported), await byId(silent), await byId(wrongStage), await byId(future)]).toEqual([
        'done',
        'planned',
        'planned',
        'planned',
      ]);
    });
  });
});
