import { AuditEntry } from '../src/audit/entities/audit-entry.entity';
import { createTestApp, TestApp } from './app';
import { expectForeignRowUntouched } from './helpers/foreign-row';
import { createMission } from './factories/mission.factory';
import { observerBody } from './factories/observer.factory';
import { teamBody } from './factories/team.factory';

describe('Observers (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const newMission = (overrides: Parameters<typeof createMission>[1] = {}) => createMission(t, overrides);
  const base = (missionId: number) => `/api/v1/missions/${missionId}/observers`;
  const newObserver = async (missionId: number, overrides = {}) =>
    (await t.http().post(base(missionId)).send(observerBody(overrides)).expect(201)).body;
  const countObservers = async (missionId: number) =>
    (await t.http().get(base(missionId)).expect(200)).body.total as number;

  it('creates an observer and answers every field with id, missionId, version and timestamps', async () => {
    const missionId = await newMission();
    const body = observerBody({ nationality: 'kz', languages: ['kk', 'ru', 'en'] });
    const res = await t.http().post(base(missionId)).send(body).expect(201);
    expect(res.body).toEqual({
      ...body,
      nationality: 'KZ',
      teamId: null,
      id: expect.any(Number),
      missionId,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const got = await t
      .http()
      .get(`${base(missionId)}/${res.body.id}`)
      .expect(200);
    expect(got.body).toEqual(res.body);
  });

  it('fills defaults for the optional fields', async () => {
    const missionId = await newMission();
    const res = await t
      .http()
      .post(base(missionId))
      .send({ fullName: 'Minimal Observer', role: 'lto', nationality: 'TR' })
      .expect(201);
    expect(res.body).toMatchObject({
      gender: 'undisclosed',
      languages: [],
      accreditationStatus: 'pending',
      accreditationNumber: null,
      teamId: null,
      email: null,
      dateOfBirth: null,
    });
  });

  describe('code of conduct', () => {
    it('refuses an observer of the host country nationality with 422 and stores nothing', async () => {
      const missionId = await newMission({ hostCountry: 'AZ' });
      const res = await t
        .http()
        .post(base(missionId))
        .send(observerBody({ nationality: 'az' }))
        .expect(422);
      expect(res.body.message).toMatch(/code of conduct/i);
      expect(res.body.message).toMatch(/host country/);
      expect(await countObservers(missionId)).toBe(0);
    });

    it('refuses changing an observer nationality to the host country with 422 and keeps it', async () => {
      const missionId = await newMission({ hostCountry: 'AZ' });
      const o = await newObserver(missionId, { nationality: 'TR' });
      const res = await t
        .http()
        .patch(`${base(missionId)}/${o.id}`)
        .send({ nationality: 'AZ' })
        .expect(422);
      expect(res.body.message).toMatch(/code of conduct/i);
      const got = await t
        .http()
        .get(`${base(missionId)}/${o.id}`)
        .expect(200);
      expect(got.body).toMatchObject({ nationality: 'TR', version: 1 });
    });
  });

  describe('accreditation number', () => {
    it('refuses a duplicate within the mission with 409 on create', async () => {
      const missionId = await newMission();
      await newObserver(missionId, { accreditationNumber: 'CEC-0001' });
      const res = await t
        .http()
        .post(base(missionId))
        .send(observerBody({ accreditationNumber: 'CEC-0001' }))
        .expect(409);
      expect(res.body.message).toMatch(/CEC-0001/);
      expect(await countObservers(missionId)).toBe(1);
    });

    it('refuses a duplicate with 409 on update and keeps the stored number', async () => {
      const missionId = await newMission();
      await newObserver(missionId, { accreditationNumber: 'CEC-0001' });
      const o = await newObserver(missionId, { accreditationNumber: 'CEC-0002' });
      await t
        .http()
        .patch(`${base(missionId)}/${o.id}`)
        .send({ accreditationNumber: 'CEC-0001' })
        .expect(409);
      expect((await t.http().get(`${base(missionId)}/${o.id}`)).body.accreditationNumber).toBe('CEC-0002');
    });

    it('allows the same number in another mission, and observers without a number', async () => {
      const a = await newMission();
      const b = await newMission();
      await newObserver(a, { accreditationNumber: 'SAME-1' });
      await newObserver(b, { accreditationNumber: 'SAME-1' });
      await newObserver(a, { accreditationNumber: null });
      await newObserver(a, { accreditationNumber: null });
      expect(await countObservers(a)).toBe(3);
    });
  });

  describe('team', () => {
    it('assigns a team of the same mission', async () => {
      const missionId = await newMission();
      const team = (await t.http().post(`/api/v1/missions/${missionId}/teams`).send(teamBody()).expect(201)).body;
      const o = await newObserver(missionId, { teamId: team.id });
      expect(o.teamId).toBe(team.id);
      const got = await t.http().get(`/api/v1/missions/${missionId}/teams/${team.id}`).expect(200);
      expect(got.body.memberIds).toEqual([o.id]);
    });

    it("refuses another mission's team with 400 naming teamId, on create and update", async () => {
      const missionId = await newMission();
      const other = await newMission();
      const team = (await t.http().post(`/api/v1/missions/${other}/teams`).send(teamBody()).expect(201)).body;
      const res = await t
        .http()
        .post(base(missionId))
        .send(observerBody({ teamId: team.id }))
        .expect(400);
      expect(res.body.message).toContain(`teamId: team ${team.id} does not exist in this mission`);
      expect(await countObservers(missionId)).toBe(0);
      const o = await newObserver(missionId);
      await t
        .http()
        .patch(`${base(missionId)}/${o.id}`)
        .send({ teamId: team.id })
        .expect(400);
      await t
        .http()
        .patch(`${base(missionId)}/${o.id}`)
        .send({ teamId: 999999 })
        .expect(400);
      expect((await t.http().get(`${base(missionId)}/${o.id}`)).body).toMatchObject({ teamId: null, version: 1 });
    });
  });

  it.each([
    ['a country code that does not exist', { nationality: 'XX' }, 'nationality'],
    ['a nationality that is not a code', { nationality: 'Kazakhstan' }, 'nationality'],
    ['an e-mail address that is not one', { email: 'not-an-email' }, 'email'],
    ['a birth date in the future', { dateOfBirth: '2999-01-01' }, 'dateOfBirth must be a date in the past'],
    ['an impossible birth date', { dateOfBirth: '1980-02-30' }, 'dateOfBirth'],
    ['an impossible accreditation date', { accreditedAt: '2024-13-01' }, 'accreditedAt'],
    ['an unknown role', { role: 'tourist' as never }, 'role'],
    ['an unknown gender', { gender: 'n/a' as never }, 'gender'],
    ['languages that are not a list', { languages: 'kk' as never }, 'languages'],
    ['an empty language', { languages: ['kk', ''] }, 'languages'],
    ['an empty name', { fullName: '   ' }, 'fullName'],
    ['a null gender', { gender: null as never }, 'gender'],
    ['a phone with letters', { phone: 'call me' }, 'phone'],
    ['a teamId that is not an id', { teamId: 'A' as never }, 'teamId'],
    ['an unknown field', { passport: 'x' } as never, 'passport'],
  ])('refuses %s with 400 naming the field and stores nothing', async (_label, change, field) => {
    const missionId = await newMission();
    const res = await t.http().post(base(missionId)).send(observerBody(change)).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect(await countObservers(missionId)).toBe(0);
  });

  it('refuses a PATCH that nulls a required field (400) and changes nothing', async () => {
    const missionId = await newMission();
    const o = await newObserver(missionId);
    for (const field of ['fullName', 'role', 'nationality', 'languages', 'accreditationStatus']) {
      const res = await t
        .http()
        .patch(`${base(missionId)}/${o.id}`)
        .send({ [field]: null })
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    }
    expect((await t.http().get(`${base(missionId)}/${o.id}`)).body).toEqual(o);
  });

  it('clears an optional field with null and bumps the version', async () => {
    const missionId = await newMission();
    const o = await newObserver(missionId);
    const res = await t
      .http()
      .patch(`${base(missionId)}/${o.id}`)
      .send({ phone: null, accreditationStatus: 'revoked', version: 1 })
      .expect(200);
    expect(res.body).toMatchObject({ phone: null, accreditationStatus: 'revoked', version: 2, email: o.email });
  });

  it('refuses a PATCH with a stale version (409) and keeps the stored values', async () => {
    const missionId = await newMission();
    const o = await newObserver(missionId);
    await t
      .http()
      .patch(`${base(missionId)}/${o.id}`)
      .send({ fullName: 'Renamed', version: 1 })
      .expect(200);
    const res = await t
      .http()
      .patch(`${base(missionId)}/${o.id}`)
      .send({ fullName: 'Stale', version: 1 })
      .expect(409);
    expect(res.body.message).toMatch(/changed by someone else/);
    expect((await t.http().get(`${base(missionId)}/${o.id}`)).body).toMatchObject({ fullName: 'Renamed', version: 2 });
  });

  it("answers 404 for another mission's observer on GET, PATCH and DELETE, and changes nothing", async () => {
    const missionId = await newMission();
    const other = await newMission();
    const o = await newObserver(other);
    await expectForeignRowUntouched(t, `${base(missionId)}/${o.id}`, `${base(other)}/${o.id}`, {
      fullName: 'Hijacked',
    });
    expect((await t.http().get(`${base(other)}/${o.id}`)).body).toEqual(o);
  });

  it('answers 404 for a mission that does not exist and 400 for ids that are not ids', async () => {
    await t.http().get(base(999999)).expect(404);
    await t.http().post(base(999999)).send(observerBody()).expect(404);
    await t
      .http()
      .get(`${base(1)}/abc`)
      .expect(400);
    await t.http().get('/api/v1/missions/abc/observers').expect(400);
  });

  it('makes observers of a closed mission read-only (409)', async () => {
    const missionId = await newMission();
    const o = await newObserver(missionId);
    await t.http().patch(`/api/v1/missions/${missionId}`).send({ status: 'closed' }).expect(200);
    const res = await t.http().post(base(missionId)).send(observerBody()).expect(409);
    expect(res.body.message).toMatch(/closed/);
    await t
      .http()
      .patch(`${base(missionId)}/${o.id}`)
      .send({ fullName: 'Changed' })
      .expect(409);
    await t
      .http()
      .delete(`${base(missionId)}/${o.id}`)
      .expect(409);
    expect(await countObservers(missionId)).toBe(1);
    expect((await t.http().get(`${base(missionId)}/${o.id}`)).body).toEqual(o);
  });

  it('filters by role, nationality, accreditation status, team and text, and pages', async () => {
    const missionId = await newMission();
    const team = (await t.http().post(`/api/v1/missions/${missionId}/teams`).send(teamBody()).expect(201)).body;
    const anna = await newObserver(missionId, {
      fullName: 'Anna Karimova',
      role: 'lto',
      nationality: 'KZ',
      accreditationStatus: 'accredited',
      accreditationNumber: 'LTO-77',
      secondingOrganization: 'Mejlis of Turkmenistan',
      teamId: team.id,
    });
    const bora = await newObserver(missionId, {
      fullName: 'Bora Yilmaz',
      role: 'sto',
      nationality: 'TR',
      accreditationStatus: 'pending',
      accreditationNumber: 'STO-100%',
      secondingOrganization: 'Grand National Assembly',
    });
    const cem = await newObserver(missionId, {
      fullName: 'Cem Aydin',
      role: 'sto',
      nationality: 'TR',
      accreditationStatus: 'accredited',
      accreditationNumber: 'STO-101',
      secondingOrganization: 'Grand National Assembly',
    });
    const ids = async (query: Record<string, string | number>) =>
      (await t.http().get(base(missionId)).query(query).expect(200)).body.items.map((o: { id: number }) => o.id);

    expect(await ids({ role: 'sto' })).toEqual([bora.id, cem.id]);
    expect(await ids({ nationality: 'kz' })).toEqual([anna.id]);
    expect(await ids({ accreditationStatus: 'pending' })).toEqual([bora.id]);
    expect(await ids({ teamId: team.id })).toEqual([anna.id]);
    expect(await ids({ q: 'KARIM' })).toEqual([anna.id]);
    expect(await ids({ q: 'sto-10' })).toEqual([bora.id, cem.id]);
    expect(await ids({ q: '100%' })).toEqual([bora.id]);
    expect(await ids({ q: 'mejlis' })).toEqual([anna.id]);
    expect(await ids({ role: 'sto', accreditationStatus: 'accredited' })).toEqual([cem.id]);

    const page = await t.http().get(base(missionId)).query({ limit: 2, offset: 1 }).expect(200);
    expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 1 });
    expect(page.body.items.map((o: { id: number }) => o.id)).toEqual([bora.id, cem.id]);

    await t.http().get(base(missionId)).query({ role: 'tourist' }).expect(400);
    await t.http().get(base(missionId)).query({ nationality: 'XX' }).expect(400);
    await t.http().get(base(missionId)).query({ teamId: 'abc' }).expect(400);
    await t.http().get(base(missionId)).query({ limit: 501 }).expect(400);
  });

  it('deletes an observer (204), then answers 404', async () => {
    const missionId = await newMission();
    const o = await newObserver(missionId);
    await t
      .http()
      .delete(`${base(missionId)}/${o.id}`)
      .expect(204);
    await t
      .http()
      .get(`${base(missionId)}/${o.id}`)
      .expect(404);
    expect(await countObservers(missionId)).toBe(0);
  });

  it('audits every write with personal data masked, and nothing for a refused one', async () => {
    const missionId = await newMission();
    const o = await newObserver(missionId);
    await t
      .http()
      .patch(`${base(missionId)}/${o.id}`)
      .send({ fullName: 'New Name', email: 'new@example.org' });
    await t
      .http()
      .patch(`${base(missionId)}/${o.id}`)
      .send({ nationality: 'AZ' })
      .expect(422);
    await t
      .http()
      .delete(`${base(missionId)}/${o.id}`)
      .expect(204);
    const entries = await t.dataSource
      .getRepository(AuditEntry)
      .find({ where: { missionId, entityType: 'observer' }, order: { id: 'ASC' } });
    expect(entries.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(entries.every((e) => e.entityId === o.id)).toBe(true);
    expect(entries[1].changes).toEqual({
      before: { fullName: o.fullName, email: '***' },
      after: { fullName: 'New Name', email: '***' },
    });
    expect(JSON.stringify(entries)).not.toContain(o.email);
  });
});
