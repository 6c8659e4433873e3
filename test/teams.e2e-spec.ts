import { AuditEntry } from '../src/audit/entities/audit-entry.entity';
import { createTestApp, TestApp } from './app';
import { expectForeignRowUntouched } from './helpers/foreign-row';
import { createMission } from './factories/mission.factory';
import { observerBody } from './factories/observer.factory';
import { teamBody } from './factories/team.factory';

describe('Teams (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const newMission = (overrides: Parameters<typeof createMission>[1] = {}) => createMission(t, overrides);
  const base = (missionId: number) => `/api/v1/missions/${missionId}/teams`;
  const newTeam = async (missionId: number, overrides = {}) =>
    (await t.http().post(base(missionId)).send(teamBody(overrides)).expect(201)).body;
  const newObserver = async (missionId: number, overrides = {}) =>
    (await t.http().post(`/api/v1/missions/${missionId}/observers`).send(observerBody(overrides)).expect(201)).body;
  const teamOf = async (missionId: number, observerId: number) =>
    (await t.http().get(`/api/v1/missions/${missionId}/observers/${observerId}`).expect(200)).body.teamId;
  const countTeams = async (missionId: number) => (await t.http().get(base(missionId)).expect(200)).body.total;

  it('creates a team with members and answers code, area, memberIds, id, version and timestamps', async () => {
    const missionId = await newMission();
    const a = await newObserver(missionId);
    const b = await newObserver(missionId);
    const res = await t
      .http()
      .post(base(missionId))
      .send({ code: 'LTO-01', area: 'Ganja', memberIds: [b.id, a.id] })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      missionId,
      code: 'LTO-01',
      area: 'Ganja',
      memberIds: [a.id, b.id],
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await teamOf(missionId, a.id)).toBe(res.body.id);
    expect(
      (
        await t
          .http()
          .get(`${base(missionId)}/${res.body.id}`)
          .expect(200)
      ).body,
    ).toEqual(res.body);
  });

  it('refuses a duplicate code within the mission with 409 on create and update', async () => {
    const missionId = await newMission();
    await newTeam(missionId, { code: 'STO-05' });
    const res = await t.http().post(base(missionId)).send({ code: 'STO-05' }).expect(409);
    expect(res.body.message).toMatch(/STO-05/);
    expect(await countTeams(missionId)).toBe(1);
    const other = await newTeam(missionId, { code: 'STO-06' });
    await t
      .http()
      .patch(`${base(missionId)}/${other.id}`)
      .send({ code: 'STO-05' })
      .expect(409);
    expect((await t.http().get(`${base(missionId)}/${other.id}`)).body).toMatchObject({ code: 'STO-06', version: 1 });
    // The same code in another mission is fine.
    await newTeam(await newMission(), { code: 'STO-05' });
  });

  it("refuses members that are another mission's observers (400) and changes nothing", async () => {
    const missionId = await newMission();
    const other = await newMission();
    const stranger = await newObserver(other);
    const own = await newObserver(missionId);
    const res = await t
      .http()
      .post(base(missionId))
      .send({ code: 'X-1', memberIds: [own.id, stranger.id, 999999] })
      .expect(400);
    expect(res.body.message).toEqual([
      `memberIds: observer ${stranger.id} does not exist in this mission`,
      'memberIds: observer 999999 does not exist in this mission',
    ]);
    expect(await countTeams(missionId)).toBe(0);
    expect(await teamOf(missionId, own.id)).toBeNull();
    expect(await teamOf(other, stranger.id)).toBeNull();

    const team = await newTeam(missionId, { memberIds: [own.id] });
    await t
      .http()
      .patch(`${base(missionId)}/${team.id}`)
      .send({ area: 'Changed', memberIds: [stranger.id] })
      .expect(400);
    expect((await t.http().get(`${base(missionId)}/${team.id}`)).body).toMatchObject({
      area: team.area,
      memberIds: [own.id],
      version: 1,
    });
  });

  it.each([
    ['an empty code', { code: '' }, 'code'],
    ['a code with spaces', { code: 'A B' }, 'code'],
    ['memberIds that are not a list', { memberIds: 3 as never }, 'memberIds'],
    ['a repeated member', { memberIds: [1, 1] }, 'memberIds'],
    ['a member id that is not an id', { memberIds: ['x'] as never }, 'memberIds'],
    ['an unknown field', { leader: 1 } as never, 'leader'],
  ])('refuses %s with 400 naming the field and stores nothing', async (_label, change, field) => {
    const missionId = await newMission();
    const res = await t.http().post(base(missionId)).send(teamBody(change)).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect(await countTeams(missionId)).toBe(0);
  });

  it('replaces the members on PATCH: listed observers join (leaving their old team), others leave', async () => {
    const missionId = await newMission();
    const [a, b, c] = [await newObserver(missionId), await newObserver(missionId), await newObserver(missionId)];
    const first = await newTeam(missionId, { memberIds: [a.id, b.id] });
    const second = await newTeam(missionId, { memberIds: [c.id] });
    const res = await t
      .http()
      .patch(`${base(missionId)}/${second.id}`)
      .send({ memberIds: [b.id, c.id], version: 1 })
      .expect(200);
    expect(res.body).toMatchObject({ memberIds: [b.id, c.id], version: 2 });
    expect((await t.http().get(`${base(missionId)}/${first.id}`)).body.memberIds).toEqual([a.id]);

    await t
      .http()
      .patch(`${base(missionId)}/${second.id}`)
      .send({ memberIds: [] })
      .expect(200);
    expect(await teamOf(missionId, b.id)).toBeNull();
    expect(await teamOf(missionId, c.id)).toBeNull();
    // A PATCH without memberIds leaves the members alone.
    await t
      .http()
      .patch(`${base(missionId)}/${first.id}`)
      .send({ area: 'North' })
      .expect(200);
    expect((await t.http().get(`${base(missionId)}/${first.id}`)).body.memberIds).toEqual([a.id]);
  });

  it('refuses a PATCH with a stale version (409) or a null code (400) and keeps the stored values', async () => {
    const missionId = await newMission();
    const team = await newTeam(missionId);
    await t
      .http()
      .patch(`${base(missionId)}/${team.id}`)
      .send({ area: 'Renamed', version: 1 })
      .expect(200);
    const res = await t
      .http()
      .patch(`${base(missionId)}/${team.id}`)
      .send({ area: 'Stale', version: 1 })
      .expect(409);
    expect(res.body.message).toMatch(/changed by someone else/);
    await t
      .http()
      .patch(`${base(missionId)}/${team.id}`)
      .send({ code: null })
      .expect(400);
    expect((await t.http().get(`${base(missionId)}/${team.id}`)).body).toMatchObject({
      code: team.code,
      area: 'Renamed',
      version: 2,
    });
  });

  it("answers 404 for another mission's team on GET, PATCH and DELETE, and changes nothing", async () => {
    const missionId = await newMission();
    const other = await newMission();
    const team = await newTeam(other);
    await expectForeignRowUntouched(t, `${base(missionId)}/${team.id}`, `${base(other)}/${team.id}`, {
      area: 'Hijacked',
    });
    expect((await t.http().get(`${base(other)}/${team.id}`)).body).toEqual(team);
    await t.http().get(base(999999)).expect(404);
  });

  it('makes teams of a closed mission read-only (409)', async () => {
    const missionId = await newMission();
    const team = await newTeam(missionId);
    await t.http().patch(`/api/v1/missions/${missionId}`).send({ status: 'closed' }).expect(200);
    const res = await t.http().post(base(missionId)).send(teamBody()).expect(409);
    expect(res.body.message).toMatch(/closed/);
    await t
      .http()
      .patch(`${base(missionId)}/${team.id}`)
      .send({ area: 'Changed' })
      .expect(409);
    await t
      .http()
      .delete(`${base(missionId)}/${team.id}`)
      .expect(409);
    expect((await t.http().get(`${base(missionId)}/${team.id}`)).body).toEqual(team);
    expect(await countTeams(missionId)).toBe(1);
  });

  it('deletes a team (204): its observers stay, without a team', async () => {
    const missionId = await newMission();
    const a = await newObserver(missionId);
    const team = await newTeam(missionId, { memberIds: [a.id] });
    await t
      .http()
      .delete(`${base(missionId)}/${team.id}`)
      .expect(204);
    await t
      .http()
      .get(`${base(missionId)}/${team.id}`)
      .expect(404);
    const observer = (await t.http().get(`/api/v1/missions/${missionId}/observers/${a.id}`).expect(200)).body;
    expect(observer).toMatchObject({ teamId: null, version: 3 });
  });

  it('lists teams with their members, filtered by text and paged', async () => {
    const missionId = await newMission();
    const a = await newObserver(missionId);
    const t1 = await newTeam(missionId, { code: 'A-1', area: 'Absheron' });
    const t2 = await newTeam(missionId, { code: 'B-1', area: 'Shirvan', memberIds: [a.id] });
    await newTeam(missionId, { code: 'C-1', area: 'Lankaran' });
    const page = await t.http().get(base(missionId)).query({ limit: 2 }).expect(200);
    expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(page.body.items.map((x: { id: number; memberIds: number[] }) => [x.id, x.memberIds])).toEqual([
      [t1.id, []],
      [t2.id, [a.id]],
    ]);
    const found = await t.http().get(base(missionId)).query({ q: 'SHIR' }).expect(200);
    expect(found.body.items.map((x: { code: string }) => x.code)).toEqual(['B-1']);
  });

  it('audits team writes and the membership changes of observers', async () => {
    const missionId = await newMission();
    const a = await newObserver(missionId);
    const team = await newTeam(missionId, { memberIds: [a.id] });
    await t
      .http()
      .delete(`${base(missionId)}/${team.id}`)
      .expect(204);
    const entries = await t.dataSource.getRepository(AuditEntry).find({ where: { missionId }, order: { id: 'ASC' } });
    expect(entries.map((e) => [e.entityType, e.action])).toEqual([
      ['mission', 'create'],
      ['observer', 'create'],
      ['observer', 'update'],
      ['team', 'create'],
      ['observer', 'update'],
      ['team', 'delete'],
    ]);
    expect(entries[3].changes?.after).toMatchObject({ code: team.code, memberIds: [a.id] });
    expect(entries[4].changes).toEqual({ before: { teamId: team.id }, after: { teamId: null } });
  });
});
