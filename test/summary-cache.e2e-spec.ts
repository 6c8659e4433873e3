import { PollingStation } from '../src/polling-stations/entities/polling-station.entity';
import { createTestApp, TestApp } from './app';
import { deploymentBody, insertMissionPeople, MissionPeople, onElectionDay } from './factories/deployment.factory';
import { eventBody } from './factories/event.factory';
import { createMission } from './factories/mission.factory';
import { stationBody } from './factories/station.factory';

/**
 * Summaries are kept per mission and filters until the mission's audit log moves (every change
 * through the tracker writes an entry in its transaction). Rows written straight into the
 * database, without an entry, show what is cached and what is counted afresh.
 */
describe('Summary cache (e2e)', () => {
  let t: TestApp;
  let missionId: number;
  let people: MissionPeople;
  const summary = async (query = '') =>
    (await t.http().get(`/api/v1/missions/${missionId}/summary${query}`).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    missionId = await createMission(t);
    people = await insertMissionPeople(t.dataSource, missionId);
    // An audited change after the rows stored straight: the first summary sees them all.
    await t
      .http()
      .post(`/api/v1/missions/${missionId}/deployments`)
      .send(
        deploymentBody({
          pollingStationId: people.stations[0].id,
          observerId: people.observers[2].id,
          stages: ['opening'],
          startsAt: onElectionDay(7),
          endsAt: onElectionDay(9),
        }),
      )
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  const storeStationBehindTheTrackersBack = (code: string) =>
    t.dataSource
      .getRepository(PollingStation)
      .save({ missionId, constituencyCode: '99', code, name: `Unaudited ${code}`, registeredVoters: 100 });

  it('answers the summary computed before while the mission has no new audit entry', async () => {
    const first = await summary();
    expect(first.stations.total).toBe(3);
    await storeStationBehindTheTrackersBack('U1');
    const again = await summary();
    expect(again).toEqual(first);
  });

  it('computes it afresh after any change made through the tracker', async () => {
    await t
      .http()
      .post(`/api/v1/missions/${missionId}/polling-stations`)
      .send(stationBody({ code: 'A1', constituencyCode: '99' }))
      .expect(201);
    // The audited station and the unaudited one before it: the summary is of now again.
    expect((await summary()).stations.total).toBe(5);
  });

  it('sees a station visit submitted through the batched event writer', async () => {
    const before = await summary();
    expect(before.coverage.opening.observedStations).toBe(0);
    expect(before.dataQuality.deploymentsWithoutReport).toBe(1);
    await t
      .http()
      .post(`/api/v1/missions/${missionId}/events`)
      .set('Idempotency-Key', 'cache-visit-1')
      .send(
        eventBody({
          type: 'station_visit',
          title: 'Opening at school 1',
          counterpart: undefined,
          counterpartOrganization: undefined,
          location: undefined,
          occurredAt: onElectionDay(8),
          pollingStationId: people.stations[0].id,
          observerIds: [people.observers[2].id],
          stage: 'opening',
          overallAssessment: 'good',
        }),
      )
      .expect(201);
    const after = await summary();
    expect(after.coverage.opening.observedStations).toBe(1);
    // The visit fulfilled the deployment.
    expect(after.dataQuality.deploymentsWithoutReport).toBe(0);
  });

  it('counts the figure that moves with the clock afresh even when the rest comes from the cache', async () => {
    const base = await summary();
    expect(base.dataQuality.deploymentsWithoutReport).toBe(0);
    // A second deployment whose window has not passed, then (unaudited) moved into the past.
    const { body: deployment } = await t
      .http()
      .post(`/api/v1/missions/${missionId}/deployments`)
      .send(
        deploymentBody({
          pollingStationId: people.stations[1].id,
          teamId: people.teams[1].id,
          stages: ['counting'],
          startsAt: '2100-01-01T10:00:00Z',
          endsAt: '2100-01-01T12:00:00Z',
        }),
      )
      .expect(201);
    const cached = await summary();
    expect(cached.dataQuality.deploymentsWithoutReport).toBe(0);
    await storeStationBehindTheTrackersBack('U2');
    await t.dataSource.query(
      `UPDATE "deployments" SET "startsAt" = "startsAt", "endsAt" = ${t.dataSource.options.type === 'postgres' ? '$1' : '?'} WHERE "id" = ${deployment.id}`,
      [t.dataSource.options.type === 'postgres' ? new Date('2024-02-07T18:00:00Z') : '2024-02-07 18:00:00.000'],
    );
    const now = await summary();
    expect(now.stations.total).toBe(cached.stations.total); // still the cached summary...
    expect(now.dataQuality.deploymentsWithoutReport).toBe(1); // ...with the clock-bound figure of now
  });

  it('keeps filtered summaries apart from the whole one', async () => {
    const whole = await summary();
    const baku = await summary('?region=Baku');
    expect(baku.stations.total).toBeLessThan(whole.stations.total);
    expect((await summary()).stations.total).toBe(whole.stations.total);
    expect((await summary('?region=Baku')).stations.total).toBe(baku.stations.total);
  });
});
