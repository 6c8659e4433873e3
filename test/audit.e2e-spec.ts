import { AsyncLocalStorage } from 'node:async_hooks';
import { AuditEntry } from '../src/audit/entities/audit-entry.entity';
import { createTestApp, CreatedUser, TestApp } from './app';
import { deploymentBody } from './factories/deployment.factory';
import { eventBody } from './factories/event.factory';
import { missionBody } from './factories/mission.factory';
import { observerBody } from './factories/observer.factory';
import { stationBody } from './factories/station.factory';
import { teamBody } from './factories/team.factory';

describe('Audit log (e2e)', () => {
  let t: TestApp;
  let missionId: number;
  let coordinator: CreatedUser;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp();
    missionId = (await t.http().post('/api/v1/missions').send(missionBody()).expect(201)).body.id;
    base = `/api/v1/missions/${missionId}`;
    coordinator = await t.createUser('coordinator', { missionIds: [missionId], name: 'Coordinator Aliyeva' });
  });
  afterAll(async () => {
    await t.close();
  });

  const entries = () => t.dataSource.getRepository(AuditEntry);
  const count = () => entries().count();
  /** The entries a write added, read straight from the table. */
  const added = async (write: () => Promise<unknown>) => {
    const last = (await entries().find({ order: { id: 'DESC' }, take: 1 }))[0]?.id ?? 0;
    await write();
    return entries().createQueryBuilder('a').where('a.id > :last', { last }).orderBy('a.id', 'ASC').getMany();
  };
  const as = () => t.as(coordinator.token);

  it('names each concurrent write its own caller, carried explicitly (no AsyncLocalStorage entered)', async () => {
    const second = await t.createUser('coordinator', { missionIds: [missionId], name: 'Coordinator Huseynov' });
    // The caller used to ride in an AsyncLocalStorage, whose hook ran for every promise of the
    // process; it is now handed from the controller down. Nothing may enter one again.
    const run = jest.spyOn(AsyncLocalStorage.prototype, 'run');
    const enterWith = jest.spyOn(AsyncLocalStorage.prototype, 'enterWith');
    try {
      const writes = Array.from({ length: 20 }, (_, i) => {
        const user = i % 2 === 0 ? coordinator : second;
        return t
          .as(user.token)
          .post(`${base}/events`)
          .set('Idempotency-Key', `audit-concurrent-${i}`)
          .send(eventBody({ title: `Concurrent ${i}` }))
          .expect(201)
          .then((res) => [res.body.id as number, user] as const);
      });
      const made = await Promise.all(writes);
      for (const [id, user] of made) {
        const entry = await entries().findOneByOrFail({ entityType: 'event', entityId: id, action: 'create' });
        expect(entry).toMatchObject({
          actorUserId: user.id,
          actorName: user === coordinator ? 'Coordinator Aliyeva' : 'Coordinator Huseynov',
        });
      }
      expect(run).not.toHaveBeenCalled();
      expect(enterWith).not.toHaveBeenCalled();
    } finally {
      run.mockRestore();
      enterWith.mockRestore();
    }
  });

  it.each([
    ['observer', '/observers', () => observerBody(), { fullName: 'Renamed Observer' }],
    ['team', '/teams', () => teamBody(), { area: 'Ganja' }],
    ['polling_station', '/polling-stations', () => stationBody(), { name: 'Renamed school' }],
    ['event', '/events', () => eventBody(), { title: 'Renamed meeting' }],
  ])(
    'records create, update and delete of a %s with the actor, the mission and the changed fields',
    async (type, path, body, change) => {
      const [created] = await added(() => as().post(`${base}${path}`).send(body()).expect(201));
      expect(created).toMatchObject({
        action: 'create',
        entityType: type,
        missionId,
        actorUserId: coordinator.id,
        actorName: 'Coordinator Aliyeva',
      });
      const id = created.entityId!;
      const [updated] = await added(() => as().patch(`${base}${path}/${id}`).send(change).expect(200));
      const [field, value] = Object.entries(change)[0];
      expect(updated).toMatchObject({ action: 'update', entityType: type, entityId: id, missionId });
      expect(updated.changes!.after).toEqual({ [field]: value });
      expect(Object.keys(updated.changes!.before!)).toEqual([field]);
      const [deleted] = await added(() => as().delete(`${base}${path}/${id}`).expect(204));
      expect(deleted).toMatchObject({ action: 'delete', entityType: type, entityId: id, changes: { after: null } });
    },
  );

  it('masks personal data in the entry of an observer it records', async () => {
    const [entry] = await added(() =>
      as()
        .post(`${base}/observers`)
        .send(observerBody({ email: 'secret@example.org', phone: '+994501234567' }))
        .expect(201),
    );
    expect(entry.changes!.after).toMatchObject({
      email: '***',
      phone: '***',
      documentNumber: '***',
      dateOfBirth: '***',
    });
    expect(JSON.stringify(entry.changes)).not.toMatch(/secret@example.org|994501234567/);
  });

  it('records a deployment, a checklist change, imports and the mission itself', async () => {
    const station = (await as().post(`${base}/polling-stations`).send(stationBody()).expect(201)).body.id;
    const team = (await as().post(`${base}/teams`).send(teamBody()).expect(201)).body.id;
    const [dep] = await added(() =>
      as()
        .post(`${base}/deployments`)
        .send(deploymentBody({ teamId: team, pollingStationId: station }))
        .expect(201),
    );
    expect(dep).toMatchObject({ action: 'create', entityType: 'deployment', missionId });

    const template = (await as().get(`${base}/checklists/opening`).expect(200)).body;
    const [checklist] = await added(() =>
      as()
        .put(`${base}/checklists/opening`)
        .send({ questions: template.questions.slice(0, 3) })
        .expect(200),
    );
    expect(checklist).toMatchObject({ action: 'update', entityType: 'checklist_template', missionId });

    const csv = 'full_name,role,nationality\nImported Person,sto,KZ\n';
    const [imported] = await added(() =>
      as().post(`${base}/observers/import`).set('Content-Type', 'text/csv').send(csv).expect(201),
    );
    expect(imported).toMatchObject({ action: 'import', entityType: 'observer', missionId, entityId: null });
    expect(imported.changes!.after).toMatchObject({ created: 1, updated: 0 });

    const [mission] = await added(() =>
      as().patch(base).send({ electionName: 'Early presidential election' }).expect(200),
    );
    expect(mission).toMatchObject({ action: 'update', entityType: 'mission', entityId: missionId, missionId });
  });

  it('records user management without the token or its hash', async () => {
    const res = await added(() =>
      t
        .http()
        .post('/api/v1/users')
        .send({ name: 'Analyst', role: 'analyst', missionIds: [missionId] })
        .expect(201),
    );
    expect(res[0]).toMatchObject({
      action: 'create',
      entityType: 'user',
      missionId: null,
      actorName: expect.any(String),
    });
    const token = (await t.http().get(`/api/v1/users/${res[0].entityId}`)).body;
    expect(JSON.stringify(res[0].changes)).not.toContain(token.tokenHash ?? 'never');
    expect(res[0].changes!.after!.tokenHash).toBe('***');
    const [rotated] = await added(() => t.http().post(`/api/v1/users/${res[0].entityId}/token`).expect(201));
    expect(rotated).toMatchObject({ action: 'update', entityType: 'user' });
    expect(rotated.changes!.after!.tokenHash).toBe('***');
  });

  type Failure = { setup: () => Promise<unknown>; fail: () => Promise<unknown> };
  const failures: Array<[string, () => Failure]> = [
    [
      'a duplicate team code (409)',
      () => {
        const body = teamBody();
        return {
          setup: () => as().post(`${base}/teams`).send(body).expect(201),
          fail: () => as().post(`${base}/teams`).send(body).expect(409),
        };
      },
    ],
    [
      'a code-of-conduct breach (422)',
      () => ({
        setup: () => Promise.resolve(),
        fail: () =>
          as()
            .post(`${base}/observers`)
            .send(observerBody({ nationality: 'AZ' }))
            .expect(422),
      }),
    ],
    [
      'a stale version (409)',
      () => {
        let teamId = 0;
        return {
          setup: async () => {
            teamId = (await as().post(`${base}/teams`).send(teamBody()).expect(201)).body.id;
            await as().patch(`${base}/teams/${teamId}`).send({ area: 'A', version: 1 }).expect(200);
          },
          fail: () => as().patch(`${base}/teams/${teamId}`).send({ area: 'B', version: 1 }).expect(409),
        };
      },
    ],
    [
      'a CSV import with a bad row (400)',
      () => ({
        setup: () => Promise.resolve(),
        fail: () =>
          as()
            .post(`${base}/observers/import`)
            .set('Content-Type', 'text/csv')
            .send('full_name,role,nationality\nFine Person,sto,KZ\nX,pilot,KZ\n')
            .expect(400),
      }),
    ],
    [
      'a delete of a station another row refers to (409)',
      () => {
        let stationId = 0;
        return {
          setup: async () => {
            stationId = (await as().post(`${base}/polling-stations`).send(stationBody()).expect(201)).body.id;
            const team = (await as().post(`${base}/teams`).send(teamBody()).expect(201)).body.id;
            await as()
              .post(`${base}/deployments`)
              .send(deploymentBody({ teamId: team, pollingStationId: stationId }))
              .expect(201);
          },
          fail: () => as().delete(`${base}/polling-stations/${stationId}`).expect(409),
        };
      },
    ],
    [
      'a forbidden write (403)',
      () => {
        let token = '';
        return {
          setup: async () => {
            token = (await t.createUser('analyst', { missionIds: [missionId] })).token;
          },
          fail: () => t.as(token).post(`${base}/teams`).send(teamBody()).expect(403),
        };
      },
    ],
  ];

  it.each(failures)('writes no entry for a failed write: %s', async (_label, make) => {
    const { setup, fail } = make();
    await setup();
    const before = await count();
    await fail();
    expect(await count()).toBe(before);
  });

  describe('GET /missions/:missionId/audit', () => {
    it('lists the mission entries newest first, filtered by entity, actor and time, paged', async () => {
      const all = await as().get(`${base}/audit`).query({ limit: 500 }).expect(200);
      expect(all.body.total).toBeGreaterThan(10);
      const ats = all.body.items.map((e: { at: string }) => e.at);
      expect([...ats].sort().reverse()).toEqual(ats);
      const teams = await as().get(`${base}/audit`).query({ entityType: 'team' }).expect(200);
      expect(teams.body.items.every((e: AuditEntry) => e.entityType === 'team')).toBe(true);
      const mine = await as().get(`${base}/audit`).query({ actorUserId: coordinator.id, limit: 1 }).expect(200);
      expect(mine.body).toMatchObject({ limit: 1, offset: 0 });
      expect(mine.body.items[0].actorUserId).toBe(coordinator.id);
      const nobody = await as().get(`${base}/audit`).query({ actorUserId: 999999 }).expect(200);
      expect(nobody.body.total).toBe(0);
      const future = await as().get(`${base}/audit`).query({ from: '2999-01-01T00:00:00Z' }).expect(200);
      expect(future.body.total).toBe(0);
      const past = await as().get(`${base}/audit`).query({ to: '2000-01-01T00:00:00Z' }).expect(200);
      expect(past.body.total).toBe(0);
      const window = await as()
        .get(`${base}/audit`)
        .query({
          from: new Date(Date.now() - 3_600_000).toISOString(),
          to: new Date(Date.now() + 60_000).toISOString(),
        })
        .expect(200);
      expect(window.body.total).toBe(all.body.total);
    });

    it('refuses bad filters with 400 naming them', async () => {
      const res = await as().get(`${base}/audit`).query({ from: 'yesterday', actorUserId: 'me' }).expect(400);
      expect(JSON.stringify(res.body.message)).toMatch(/from/);
      expect(JSON.stringify(res.body.message)).toMatch(/actorUserId/);
      await as().get(`${base}/audit`).query({ from: '2024-02-08T00:00:00Z', to: '2024-02-07T00:00:00Z' }).expect(400);
    });

    it('has no route that changes or deletes an entry', async () => {
      const [entry] = (await as().get(`${base}/audit`).expect(200)).body.items;
      for (const method of ['post', 'put', 'patch', 'delete'] as const) {
        await t.http()[method](`${base}/audit`).send({}).expect(404);
        await t.http()[method](`${base}/audit/${entry.id}`).send({}).expect(404);
      }
    });
  });
});
