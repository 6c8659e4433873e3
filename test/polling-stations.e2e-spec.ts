import { AuditEntry } from '../src/audit/entities/audit-entry.entity';
import { Deployment } from '../src/deployments/entities/deployment.entity';
import { ElectionEvent } from '../src/election-events/entities/election-event.entity';
import { createTestApp, TestApp } from './app';
import { expectForeignRowUntouched } from './helpers/foreign-row';
import { createMission } from './factories/mission.factory';
import { stationBody } from './factories/station.factory';

describe('Polling stations (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const newMission = (overrides: Parameters<typeof createMission>[1] = {}) => createMission(t, overrides);
  const stations = (missionId: number) => `/api/v1/missions/${missionId}/polling-stations`;
  const create = async (missionId: number, overrides = {}) =>
    (await t.http().post(stations(missionId)).send(stationBody(overrides)).expect(201)).body;
  const count = async (missionId: number) => (await t.http().get(stations(missionId)).expect(200)).body.total;

  it('creates a station with every field and answers it with id, missionId and version', async () => {
    const missionId = await newMission();
    const body = stationBody({ code: '0001', tags: [' webcam ', 'urban', 'webcam'] });
    const res = await t.http().post(stations(missionId)).send(body).expect(201);
    expect(res.body).toMatchObject({
      ...body,
      id: expect.any(Number),
      missionId,
      version: 1,
      tags: ['webcam', 'urban'],
    });
    const got = await t
      .http()
      .get(`${stations(missionId)}/${res.body.id}`)
      .expect(200);
    expect(got.body).toMatchObject({ code: '0001', latitude: 42.3161, longitude: 19.4592, registeredVoters: 702 });
    const audit = await t.dataSource
      .getRepository(AuditEntry)
      .findOneByOrFail({ entityType: 'polling_station', entityId: res.body.id, action: 'create' });
    expect(audit.missionId).toBe(missionId);
  });

  it('fills defaults for what a minimal body leaves out', async () => {
    const missionId = await newMission();
    const res = await t.http().post(stations(missionId)).send({ code: '7', name: 'Hall' }).expect(201);
    expect(res.body).toMatchObject({
      constituencyCode: '',
      type: 'regular',
      tags: [],
      latitude: null,
      registeredVoters: null,
    });
  });

  it.each([
    ['a latitude above 90', { latitude: 90.5 }, 'latitude'],
    ['a latitude below -90', { latitude: -91 }, 'latitude'],
    ['a longitude beyond 180', { longitude: 180.01 }, 'longitude'],
    ['a longitude below -180', { longitude: -181 }, 'longitude'],
    ['a latitude given as text', { latitude: '41.3' as never }, 'latitude'],
    ['negative registered voters', { registeredVoters: -1 }, 'registeredVoters'],
    ['fractional registered voters', { registeredVoters: 10.5 }, 'registeredVoters'],
    ['an unknown type', { type: 'castle' as never }, 'type'],
    ['tags that are not a list', { tags: 'webcam' as never }, 'tags'],
    ['an empty tag', { tags: ['  '] }, 'tags'],
    ['an empty code', { code: ' ' }, 'code'],
    ['a missing name', { name: undefined }, 'name'],
    ['an unknown field', { colour: 'red' } as never, 'colour'],
  ])('refuses %s with 400 naming the field and stores nothing', async (_label, change, field) => {
    const missionId = await newMission();
    const res = await t.http().post(stations(missionId)).send(stationBody(change)).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect(await count(missionId)).toBe(0);
  });

  it('refuses a second station with the same constituency and code (409), but not in another constituency or mission', async () => {
    const missionId = await newMission();
    await create(missionId, { constituencyCode: 'ZAZ 1', code: '0001' });
    const res = await t
      .http()
      .post(stations(missionId))
      .send(stationBody({ constituencyCode: 'ZAZ 1', code: '0001' }))
      .expect(409);
    expect(res.body.message).toMatch(/constituency "ZAZ 1", code "0001" already exists/);
    expect(await count(missionId)).toBe(1);
    await create(missionId, { constituencyCode: 'ZAZ 2', code: '0001' });
    await create(await newMission(), { constituencyCode: 'ZAZ 1', code: '0001' });
  });

  it("refuses a PATCH that would take another station's key (409) and keeps the values", async () => {
    const missionId = await newMission();
    await create(missionId, { constituencyCode: 'ZAZ 1', code: 'A' });
    const b = await create(missionId, { constituencyCode: 'ZAZ 1', code: 'B' });
    await t
      .http()
      .patch(`${stations(missionId)}/${b.id}`)
      .send({ code: 'A' })
      .expect(409);
    expect((await t.http().get(`${stations(missionId)}/${b.id}`)).body).toMatchObject({ code: 'B', version: 1 });
  });

  it('updates a station, bumps its version and audits the change', async () => {
    const missionId = await newMission();
    const s = await create(missionId, { name: 'Old name' });
    const res = await t
      .http()
      .patch(`${stations(missionId)}/${s.id}`)
      .send({ name: 'New name', tags: ['webcam'], latitude: null, version: 1 })
      .expect(200);
    expect(res.body).toMatchObject({ name: 'New name', tags: ['webcam'], latitude: null, version: 2 });
    const audit = await t.dataSource
      .getRepository(AuditEntry)
      .findOneByOrFail({ entityType: 'polling_station', entityId: s.id, action: 'update' });
    expect(audit.changes).toMatchObject({ before: { name: 'Old name' }, after: { name: 'New name' } });
  });

  it.each([
    ['name', { name: null }],
    ['code', { code: null }],
    ['type', { type: null }],
    ['latitude', { latitude: 95 }],
  ])('refuses a PATCH that sets %s to a bad value (400)', async (field, change) => {
    const missionId = await newMission();
    const s = await create(missionId);
    const res = await t
      .http()
      .patch(`${stations(missionId)}/${s.id}`)
      .send(change)
      .expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect((await t.http().get(`${stations(missionId)}/${s.id}`)).body).toMatchObject({ name: s.name, version: 1 });
  });

  it('refuses a PATCH with a stale version (409) and keeps the stored values', async () => {
    const missionId = await newMission();
    const s = await create(missionId);
    await t
      .http()
      .patch(`${stations(missionId)}/${s.id}`)
      .send({ name: 'Renamed', version: 1 })
      .expect(200);
    const res = await t
      .http()
      .patch(`${stations(missionId)}/${s.id}`)
      .send({ name: 'Stale', version: 1 })
      .expect(409);
    expect(res.body.message).toMatch(/changed by someone else/);
    expect((await t.http().get(`${stations(missionId)}/${s.id}`)).body).toMatchObject({ name: 'Renamed', version: 2 });
  });

  it("answers 404 for another mission's station on GET, PATCH and DELETE, and changes nothing", async () => {
    const mine = await newMission();
    const other = await newMission();
    const s = await create(other, { name: 'Theirs' });
    await expectForeignRowUntouched(t, `${stations(mine)}/${s.id}`, `${stations(other)}/${s.id}`, { name: 'Hijacked' });
    expect((await t.http().get(`${stations(other)}/${s.id}`)).body.name).toBe('Theirs');
    await t
      .http()
      .get(`${stations(mine)}/999999`)
      .expect(404);
    await t
      .http()
      .get(`${stations(999999)}`)
      .expect(404);
    await t
      .http()
      .get(`${stations(mine)}/abc`)
      .expect(400);
  });

  it('makes the stations of a closed mission read-only (409)', async () => {
    const missionId = await newMission();
    const s = await create(missionId);
    await t.http().patch(`/api/v1/missions/${missionId}`).send({ status: 'closed' }).expect(200);
    const res = await t.http().post(stations(missionId)).send(stationBody()).expect(409);
    expect(res.body.message).toMatch(/closed/);
    await t
      .http()
      .patch(`${stations(missionId)}/${s.id}`)
      .send({ name: 'Changed' })
      .expect(409);
    await t
      .http()
      .delete(`${stations(missionId)}/${s.id}`)
      .expect(409);
    expect(await count(missionId)).toBe(1);
    expect((await t.http().get(`${stations(missionId)}/${s.id}`)).body).toMatchObject({ name: s.name, version: 1 });
  });

  it('deletes a station (204, audited) and then answers 404', async () => {
    const missionId = await newMission();
    const s = await create(missionId);
    await t
      .http()
      .delete(`${stations(missionId)}/${s.id}`)
      .expect(204);
    await t
      .http()
      .get(`${stations(missionId)}/${s.id}`)
      .expect(404);
    await t.dataSource
      .getRepository(AuditEntry)
      .findOneByOrFail({ entityType: 'polling_station', entityId: s.id, action: 'delete' });
  });

  it('refuses to delete a station that has events (409) and keeps it', async () => {
    const missionId = await newMission();
    const s = await create(missionId);
    await t.dataSource.getRepository(ElectionEvent).save({
      missionId,
      type: 'incident',
      occurredAt: new Date('2024-02-07T10:00:00Z'),
      title: 'Campaign material inside the station',
      pollingStationId: s.id,
    });
    const res = await t
      .http()
      .delete(`${stations(missionId)}/${s.id}`)
      .expect(409);
    expect(res.body.message).toBe(`Polling station ${s.id} is referenced by 1 event; delete or move them first`);
    await t
      .http()
      .get(`${stations(missionId)}/${s.id}`)
      .expect(200);
  });

  it('refuses to delete a station that has deployments (409) and keeps it', async () => {
    const missionId = await newMission();
    const s = await create(missionId);
    await t.dataSource.getRepository(Deployment).save({
      missionId,
      teamId: null,
      observerId: null,
      pollingStationId: s.id,
      stages: ['opening'],
      startsAt: new Date('2024-02-07T06:00:00Z'),
      endsAt: new Date('2024-02-07T09:00:00Z'),
    });
    const res = await t
      .http()
      .delete(`${stations(missionId)}/${s.id}`)
      .expect(409);
    expect(res.body.message).toMatch(/referenced by 1 deployment/);
    await t
      .http()
      .get(`${stations(missionId)}/${s.id}`)
      .expect(200);
  });

  describe('list filters and paging', () => {
    let missionId: number;
    beforeAll(async () => {
      missionId = await newMission();
      await create(missionId, {
        constituencyCode: 'ZAZ 1',
        code: '0001',
        name: 'Shkolla Vrake',
        region: 'Shkoder',
        tags: ['webcam', 'urban'],
      });
      await create(missionId, {
        constituencyCode: 'ZAZ 1',
        code: '0002',
        name: 'Kopshti',
        region: 'Shkoder',
        type: 'hospital',
        address: 'Rruga e Spitalit 50%',
      });
      await create(missionId, {
        constituencyCode: 'ZAZ 2',
        code: '0001',
        name: 'Pallati i Kultures',
        region: 'Vlore',
        tags: ['Webcam-2', 'formerly-occupied'],
      });
      await create(missionId, { constituencyCode: 'ZAZ 3', code: 'X9', name: 'Embassy', region: null, type: 'abroad' });
      await create(await newMission(), { region: 'Shkoder', tags: ['webcam'] });
    });
    const codes = async (query: Record<string, string | number>) => {
      const res = await t.http().get(stations(missionId)).query(query).expect(200);
      return res.body.items.map((s: { constituencyCode: string; code: string }) => `${s.constituencyCode}/${s.code}`);
    };

    it('filters by region, constituency and type', async () => {
      expect(await codes({ region: 'Shkoder' })).toEqual(['ZAZ 1/0001', 'ZAZ 1/0002']);
      expect(await codes({ constituency: 'ZAZ 2' })).toEqual(['ZAZ 2/0001']);
      expect(await codes({ type: 'abroad' })).toEqual(['ZAZ 3/X9']);
      await t.http().get(stations(missionId)).query({ type: 'castle' }).expect(400);
    });

    it('filters by a whole tag, in any case, never by part of one', async () => {
      expect(await codes({ tag: 'webcam' })).toEqual(['ZAZ 1/0001']);
      expect(await codes({ tag: 'WEBCAM-2' })).toEqual(['ZAZ 2/0001']);
      expect(await codes({ tag: 'web' })).toEqual([]);
      expect(await codes({ tag: 'web%' })).toEqual([]);
    });

    it('searches name, code and address case-insensitively, with LIKE wildcards taken literally', async () => {
      expect(await codes({ q: 'KOPSH' })).toEqual(['ZAZ 1/0002']);
      expect(await codes({ q: 'x9' })).toEqual(['ZAZ 3/X9']);
      expect(await codes({ q: 'spitalit 50%' })).toEqual(['ZAZ 1/0002']);
      expect(await codes({ q: '%' })).toEqual(['ZAZ 1/0002']);
      expect(await codes({ q: 'kultures', region: 'Vlore' })).toEqual(['ZAZ 2/0001']);
    });

    it('pages in a stable order and reports the total', async () => {
      const res = await t.http().get(stations(missionId)).query({ limit: 2, offset: 1 }).expect(200);
      expect(res.body).toMatchObject({ total: 4, limit: 2, offset: 1 });
      expect(res.body.items.map((s: { code: string }) => s.code)).toEqual(['0002', '0001']);
      await t.http().get(stations(missionId)).query({ limit: 0 }).expect(400);
      await t.http().get(stations(missionId)).query({ colour: 'red' }).expect(400);
    });
  });
});
