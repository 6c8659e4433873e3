import { ElectionEvent } from '../src/election-events/entities/election-event.entity';
import { IncidentStatusChange } from '../src/election-events/entities/incident-status-change.entity';
import { createTestApp, CreatedUser, TestApp } from './app';
import { eventBody, insertObserver, insertStation } from './factories/event.factory';
import { missionBody } from './factories/mission.factory';

describe('Incidents and their verification (e2e)', () => {
  let t: TestApp;
  let missionId: number;
  let stationId: number;
  let observer: CreatedUser;
  let coordinator: CreatedUser;
  const events = (m = missionId) => `/api/v1/missions/${m}/events`;
  const incidentBody = (overrides: Record<string, unknown> = {}) =>
    eventBody({
      type: 'incident',
      title: 'Group voting observed',
      counterpart: undefined,
      counterpartOrganization: undefined,
      location: undefined,
      category: 'multiple_voting',
      severity: 'medium',
      pollingStationId: stationId,
      ...overrides,
    } as never);
  const trail = (eventId: number) =>
    t.dataSource.getRepository(IncidentStatusChange).find({ where: { eventId }, order: { id: 'ASC' } });
  const report = async (overrides: Record<string, unknown> = {}) =>
    (await t.as(observer.token).post(events()).send(incidentBody(overrides)).expect(201)).body;

  beforeAll(async () => {
    t = await createTestApp();
    missionId = (await t.http().post('/api/v1/missions').send(missionBody()).expect(201)).body.id;
    stationId = (await insertStation(t.dataSource, missionId)).id;
    const obs = await insertObserver(t.dataSource, missionId);
    observer = await t.createUser('observer', { missionIds: [missionId], observerId: obs.id });
    coordinator = await t.createUser('coordinator', { missionIds: [missionId] });
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets an observer report an incident, which starts as reported with a first trail entry', async () => {
    const inc = await report();
    expect(inc).toMatchObject({
      type: 'incident',
      status: 'reported',
      category: 'multiple_voting',
      severity: 'medium',
    });
    expect(inc.statusHistory).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: 'reported', changedByUserId: observer.id, note: null }),
    ]);
  });

  it('moves reported -> escalated -> verified for a coordinator, recording who, when and why', async () => {
    const inc = await report();
    const escalated = await t
      .as(coordinator.token)
      .post(`${events()}/${inc.id}/status`)
      .send({ status: 'escalated', note: 'Needs the core team' })
      .expect(200);
    expect(escalated.body.status).toBe('escalated');
    await t.as(coordinator.token).post(`${events()}/${inc.id}/status`).send({ status: 'verified' }).expect(200);
    const got = (await t.http().get(`${events()}/${inc.id}`).expect(200)).body;
    expect(got.status).toBe('verified');
    expect(got.statusHistory.map((c: { fromStatus: string; toStatus: string }) => [c.fromStatus, c.toStatus])).toEqual([
      [null, 'reported'],
      ['reported', 'escalated'],
      ['escalated', 'verified'],
    ]);
    expect(got.statusHistory[1]).toMatchObject({ changedByUserId: coordinator.id, note: 'Needs the core team' });
    expect(new Date(got.statusHistory[2].changedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(got.statusHistory[1].changedAt).getTime(),
    );
    const stored = await t.dataSource.getRepository(ElectionEvent).findOneByOrFail({ id: inc.id });
    expect(stored.statusChangedByUserId).toBe(coordinator.id);
  });

  it('refuses an observer moving an incident (403) and changes nothing', async () => {
    const inc = await report();
    await t.as(observer.token).post(`${events()}/${inc.id}/status`).send({ status: 'dismissed' }).expect(403);
    expect((await t.http().get(`${events()}/${inc.id}`)).body.status).toBe('reported');
    expect(await trail(inc.id)).toHaveLength(1);
  });

  it.each([
    ['verified', 'dismissed'],
    ['dismissed', 'reported'],
    ['verified', 'escalated'],
  ])('refuses a move out of the final status %s (to %s) with 409 and changes nothing', async (final, next) => {
    const inc = await report();
    await t.as(coordinator.token).post(`${events()}/${inc.id}/status`).send({ status: final }).expect(200);
    const res = await t.as(coordinator.token).post(`${events()}/${inc.id}/status`).send({ status: next }).expect(409);
    expect(res.body.message).toMatch(new RegExp(`is ${final}; that is final`));
    expect((await t.http().get(`${events()}/${inc.id}`)).body.status).toBe(final);
    expect(await trail(inc.id)).toHaveLength(2);
  });

  it('refuses moving to the status it already has, and back from escalated to reported (409)', async () => {
    const inc = await report();
    await t.as(coordinator.token).post(`${events()}/${inc.id}/status`).send({ status: 'reported' }).expect(409);
    await t.as(coordinator.token).post(`${events()}/${inc.id}/status`).send({ status: 'escalated' }).expect(200);
    const res = await t
      .as(coordinator.token)
      .post(`${events()}/${inc.id}/status`)
      .send({ status: 'reported' })
      .expect(409);
    expect(res.body.message).toMatch(/can move to verified or dismissed/);
  });

  it('refuses a stale version (409), an unknown status (400), a meeting (400) and another mission’s incident (404)', async () => {
    const inc = await report();
    await t
      .as(coordinator.token)
      .post(`${events()}/${inc.id}/status`)
      .send({ status: 'verified', version: inc.version + 5 })
      .expect(409);
    const bad = await t
      .as(coordinator.token)
      .post(`${events()}/${inc.id}/status`)
      .send({ status: 'solved' })
      .expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('status');
    const meeting = (await t.http().post(events()).send(eventBody()).expect(201)).body;
    const res = await t.http().post(`${events()}/${meeting.id}/status`).send({ status: 'verified' }).expect(400);
    expect(res.body.message).toMatch(/only incidents/);
    const other = (
      await t
        .http()
        .post('/api/v1/missions')
        .send(missionBody({ name: 'Other' }))
        .expect(201)
    ).body.id;
    await t
      .http()
      .post(`${events(other)}/${inc.id}/status`)
      .send({ status: 'verified' })
      .expect(404);
    expect(await trail(inc.id)).toHaveLength(1);
  });

  it('refuses a new incident that is not reported, and a status change through PATCH (400)', async () => {
    const before = await t.dataSource.getRepository(ElectionEvent).countBy({ missionId });
    const res = await t
      .as(observer.token)
      .post(events())
      .send(incidentBody({ status: 'verified' }))
      .expect(400);
    expect(JSON.stringify(res.body.message)).toContain('status');
    expect(await t.dataSource.getRepository(ElectionEvent).countBy({ missionId })).toBe(before);
    const inc = await report();
    const patch = await t.as(coordinator.token).patch(`${events()}/${inc.id}`).send({ status: 'verified' }).expect(400);
    expect(JSON.stringify(patch.body.message)).toMatch(/POST .*status/);
    await t.as(coordinator.token).patch(`${events()}/${inc.id}`).send({ severity: 'high' }).expect(200);
    expect((await t.http().get(`${events()}/${inc.id}`)).body).toMatchObject({ status: 'reported', severity: 'high' });
  });

  it('refuses an incident without severity or with an unknown category (400)', async () => {
    await t
      .http()
      .post(events())
      .send(incidentBody({ severity: undefined }))
      .expect(400);
    await t
      .http()
      .post(events())
      .send(incidentBody({ category: 'rudeness' }))
      .expect(400);
  });

  it('filters incidents by category, severity and status', async () => {
    const m = (
      await t
        .http()
        .post('/api/v1/missions')
        .send(missionBody({ name: 'Filters' }))
        .expect(201)
    ).body.id;
    const mk = async (o: Record<string, unknown>) =>
      (
        await t
          .http()
          .post(events(m))
          .send(incidentBody({ pollingStationId: undefined, ...o }))
          .expect(201)
      ).body;
    await mk({ title: 'a', category: 'violence', severity: 'critical' });
    const b = await mk({ title: 'b', category: 'vote_buying', severity: 'low' });
    await t
      .http()
      .post(`${events(m)}/${b.id}/status`)
      .send({ status: 'dismissed' })
      .expect(200);
    const titles = async (query: Record<string, unknown>) =>
      (await t.http().get(events(m)).query(query).expect(200)).body.items.map((e: { title: string }) => e.title);
    expect(await titles({ category: 'violence' })).toEqual(['a']);
    expect(await titles({ severity: 'low' })).toEqual(['b']);
    expect(await titles({ status: 'dismissed' })).toEqual(['b']);
    expect(await titles({ status: 'reported', type: 'incident' })).toEqual(['a']);
    const listed = (await t.http().get(events(m)).query({ status: 'dismissed' })).body.items[0];
    expect(listed.statusHistory).toHaveLength(2);
  });
});
