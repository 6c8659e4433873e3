import { missionBody } from './factories/mission.factory';
import { createTestApp, TestApp } from './app';

describe('Missions (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const countMissions = async () => (await t.http().get('/api/v1/missions').expect(200)).body.total as number;

  it('creates a mission and answers it with id, version and timestamps', async () => {
    const res = await t
      .http()
      .post('/api/v1/missions')
      .send(missionBody({ hostCountry: 'az' }))
      .expect(201);
    expect(res.body).toMatchObject({ id: expect.any(Number), version: 1, hostCountry: 'AZ', status: 'planned' });
    expect(new Date(res.body.createdAt).toString()).not.toBe('Invalid Date');
    const got = await t.http().get(`/api/v1/missions/${res.body.id}`).expect(200);
    expect(got.body.name).toBe('Test Election Observation Mission');
  });

  it.each([
    [
      'endDate before startDate',
      { startDate: '2024-02-05', endDate: '2024-02-04', electionDate: '2024-02-05' },
      'endDate',
    ],
    ['electionDate outside the period', { electionDate: '2024-03-01' }, 'electionDate'],
    ['a country code that does not exist', { hostCountry: 'XX' }, 'hostCountry'],
    ['an impossible date', { startDate: '2024-02-30' }, 'startDate'],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }, 'timezone'],
    ['an unknown field', { budget: 10 } as never, 'budget'],
  ])('refuses %s with 400 naming the field and stores nothing', async (_label, change, field) => {
    const before = await countMissions();
    const res = await t.http().post('/api/v1/missions').send(missionBody(change)).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect(await countMissions()).toBe(before);
  });

  it('keeps a stage schedule: the default hours when none is given, its own hours when set', async () => {
    const created = await t.http().post('/api/v1/missions').send(missionBody()).expect(201);
    expect(created.body.stageSchedule).toEqual({
      opening: { from: '07:00', to: '08:00' },
      voting: { from: '08:00', to: '20:00' },
      closing: { from: '20:00', to: '21:00' },
      counting: { from: '20:00', to: '02:00' },
    });
    const azerbaijan = {
      opening: { from: '07:00', to: '08:00' },
      voting: { from: '08:00', to: '19:00' },
      closing: { from: '19:00', to: '19:30' },
      counting: { from: '19:30', to: '01:00' },
    };
    const patched = await t
      .http()
      .patch(`/api/v1/missions/${created.body.id}`)
      .send({ stageSchedule: azerbaijan, version: created.body.version })
      .expect(200);
    expect(patched.body.stageSchedule).toEqual(azerbaijan);
    expect((await t.http().get(`/api/v1/missions/${created.body.id}`)).body).toEqual(patched.body);
  });

  it.each([
    ['an hour that is not HH:MM', { voting: { from: '8:00', to: '19:00' } }, 'stageSchedule.voting.from'],
    ['a stage left out', { voting: { from: '08:00', to: '19:00' } }, 'stageSchedule.opening'],
    ['a stage we do not schedule', { tabulation: { from: '08:00', to: '19:00' } }, 'stageSchedule.tabulation'],
    ['a list instead of hours', { voting: [] }, 'stageSchedule.voting'],
  ])('refuses a stage schedule with %s (400 naming the field)', async (_label, schedule, field) => {
    const full = {
      opening: { from: '07:00', to: '08:00' },
      voting: { from: '08:00', to: '20:00' },
      closing: { from: '20:00', to: '21:00' },
      counting: { from: '20:00', to: '02:00' },
    };
    const body = field === 'stageSchedule.opening' ? schedule : { ...full, ...schedule };
    const res = await t
      .http()
      .post('/api/v1/missions')
      .send({ ...missionBody(), stageSchedule: body })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('refuses a PATCH with a stale version (409) and keeps the stored values', async () => {
    const { body: m } = await t.http().post('/api/v1/missions').send(missionBody()).expect(201);
    await t.http().patch(`/api/v1/missions/${m.id}`).send({ name: 'Renamed', version: 1 }).expect(200);
    const res = await t.http().patch(`/api/v1/missions/${m.id}`).send({ name: 'Stale', version: 1 }).expect(409);
    expect(res.body.message).toMatch(/changed by someone else/);
    expect((await t.http().get(`/api/v1/missions/${m.id}`)).body).toMatchObject({ name: 'Renamed', version: 2 });
  });

  it('refuses null for a required field in a PATCH (400 naming it) and keeps the value', async () => {
    const { body: m } = await t.http().post('/api/v1/missions').send(missionBody()).expect(201);
    const res = await t.http().patch(`/api/v1/missions/${m.id}`).send({ name: null }).expect(400);
    expect(res.body.message).toContain('name cannot be null');
    expect((await t.http().get(`/api/v1/missions/${m.id}`)).body).toMatchObject({ name: m.name, version: 1 });
  });

  it('makes a closed mission read-only (409) but lets it be reopened', async () => {
    const { body: m } = await t.http().post('/api/v1/missions').send(missionBody()).expect(201);
    await t.http().patch(`/api/v1/missions/${m.id}`).send({ status: 'closed' }).expect(200);
    const res = await t.http().patch(`/api/v1/missions/${m.id}`).send({ name: 'Changed' }).expect(409);
    expect(res.body.message).toMatch(/closed/);
    await t.http().delete(`/api/v1/missions/${m.id}`).expect(409);
    expect((await t.http().get(`/api/v1/missions/${m.id}`)).body.name).toBe(m.name);
    await t.http().patch(`/api/v1/missions/${m.id}`).send({ status: 'reporting' }).expect(200);
    await t.http().patch(`/api/v1/missions/${m.id}`).send({ name: 'Changed' }).expect(200);
  });

  it('answers 404 for a mission that does not exist and 400 for an id that is not one', async () => {
    await t.http().get('/api/v1/missions/999999').expect(404);
    await t.http().get('/api/v1/missions/abc').expect(400);
    await t.http().get('/api/v1/missions/99999999999').expect(400);
    await t.http().delete('/api/v1/missions/0').expect(400);
  });

  it('pages and filters the list', async () => {
    await t
      .http()
      .post('/api/v1/missions')
      .send(missionBody({ name: 'Findable Georgia mission', hostCountry: 'GE' }));
    const res = await t.http().get('/api/v1/missions').query({ q: 'georgia', limit: 1 }).expect(200);
    expect(res.body).toMatchObject({ total: 1, limit: 1, offset: 0 });
    expect(res.body.items[0].hostCountry).toBe('GE');
    await t.http().get('/api/v1/missions').query({ limit: 501 }).expect(400);
  });

  it('deletes a mission (204) and then answers 404', async () => {
    const { body: m } = await t.http().post('/api/v1/missions').send(missionBody()).expect(201);
    await t.http().delete(`/api/v1/missions/${m.id}`).expect(204);
    await t.http().get(`/api/v1/missions/${m.id}`).expect(404);
  });

  it('reports database reachability on /health', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { reachable: true } });
  });

  it('serves the OpenAPI document at /docs-json', async () => {
    const res = await t.http().get('/docs-json').expect(200);
    expect(res.body.paths['/api/v1/missions']).toBeDefined();
  });
});
