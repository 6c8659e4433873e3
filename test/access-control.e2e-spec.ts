import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { User } from '../src/auth/entities/user.entity';
import { AdminBootstrap } from '../src/auth/admin-bootstrap.service';
import { createTestApp, TestApp } from './app';
import { missionBody } from './factories/mission.factory';
import { observerBody } from './factories/observer.factory';

describe('Access control: users, tokens, roles (e2e)', () => {
  let t: TestApp;
  let missionA: number;
  let missionB: number;
  beforeAll(async () => {
    t = await createTestApp();
    missionA = (
      await t
        .http()
        .post('/api/v1/missions')
        .send(missionBody({ name: 'Mission A' }))
        .expect(201)
    ).body.id;
    missionB = (
      await t
        .http()
        .post('/api/v1/missions')
        .send(missionBody({ name: 'Mission B' }))
        .expect(201)
    ).body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  const users = () => t.dataSource.getRepository(User);

  describe('tokens', () => {
    it('issues a random base64url token once, stores only its SHA-256, and never shows it again', async () => {
      const res = await t
        .http()
        .post('/api/v1/users')
        .send({ name: 'Coordinator A', role: 'coordinator', missionIds: [missionA] })
        .expect(201);
      const { token, id } = res.body;
      expect(res.body).toMatchObject({
        name: 'Coordinator A',
        role: 'coordinator',
        missionIds: [missionA],
        active: true,
      });
      expect(token).toMatch(/^eom_[A-Za-z0-9_-]{43}$/); // 32 random bytes
      expect(res.body.tokenHash).toBeUndefined();
      const stored = await users().findOneByOrFail({ id });
      expect(stored.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
      const got = await t.http().get(`/api/v1/users/${id}`).expect(200);
      expect(got.body.token).toBeUndefined();
      expect(JSON.stringify(got.body)).not.toContain(stored.tokenHash);
      const list = await t.http().get('/api/v1/users').query({ role: 'coordinator' }).expect(200);
      expect(JSON.stringify(list.body)).not.toContain(token);
      await t.as(token).get(`/api/v1/missions/${missionA}`).expect(200);
    });

    it('answers 401 with WWW-Authenticate for no token, a malformed header and an unknown token', async () => {
      const none = await t.anonymous().get('/api/v1/missions').expect(401);
      expect(none.headers['www-authenticate']).toBe('Bearer');
      expect(none.body.message).toMatch(/token is required/);
      await t.anonymous().get('/api/v1/missions').set('Authorization', `Basic ${t.adminToken}`).expect(401);
      const bad = await t.as('eom_not-a-real-token').get('/api/v1/missions').expect(401);
      expect(bad.body.message).toMatch(/invalid or revoked/);
    });

    it('keeps /health public', async () => {
      await t.anonymous().get('/health').expect(200);
    });

    it('rotation: the new token works and the old one is refused at once', async () => {
      const u = await t.createUser('analyst', { missionIds: [missionA] });
      const res = await t.http().post(`/api/v1/users/${u.id}/token`).expect(201);
      expect(res.body.token).toMatch(/^eom_/);
      expect(res.body.token).not.toBe(u.token);
      await t.as(u.token).get('/api/v1/missions').expect(401);
      await t.as(res.body.token).get('/api/v1/missions').expect(200);
    });

    it('revocation: active=false refuses the token until reactivated; DELETE refuses it for good', async () => {
      const u = await t.createUser('analyst', { missionIds: [missionA] });
      await t.http().patch(`/api/v1/users/${u.id}`).send({ active: false }).expect(200);
      await t.as(u.token).get('/api/v1/missions').expect(401);
      await t.http().patch(`/api/v1/users/${u.id}`).send({ active: true }).expect(200);
      await t.as(u.token).get('/api/v1/missions').expect(200);
      await t.http().delete(`/api/v1/users/${u.id}`).expect(204);
      await t.as(u.token).get('/api/v1/missions').expect(401);
      await t.http().get(`/api/v1/users/${u.id}`).expect(404);
    });

    it('refuses a new token to an inactive user (409) and issues none: its old token works again once re-activated', async () => {
      const u = await t.createUser('analyst', { missionIds: [missionA] });
      await t.http().patch(`/api/v1/users/${u.id}`).send({ active: false }).expect(200);
      const before = await users().findOneByOrFail({ id: u.id });
      const res = await t.http().post(`/api/v1/users/${u.id}/token`).expect(409);
      expect(res.body.token).toBeUndefined();
      expect(res.body.message).toMatch(/inactive/);
      const after = await users().findOneByOrFail({ id: u.id });
      expect([after.tokenHash, after.version]).toEqual([before.tokenHash, before.version]);
      await t.as(u.token).get('/api/v1/me').expect(401);
      await t.http().patch(`/api/v1/users/${u.id}`).send({ active: true }).expect(200);
      await t.as(u.token).get('/api/v1/me').expect(200);
      await t.http().post(`/api/v1/users/${u.id}/token`).expect(201);
    });

    it('creates every user active, with its token: active:false on creation is a 400 naming the field', async () => {
      const count = await users().count();
      const res = await t
        .http()
        .post('/api/v1/users')
        .send({ name: 'Off from the start', role: 'analyst', missionIds: [missionA], active: false })
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain('active');
      expect(await users().count()).toBe(count);
    });

    type Op = 'disable' | 'enable' | 'rotate' | 'rename';
    it('property: over any sequence of changes, a token is issued only while the user is active', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<'analyst' | 'coordinator'>('analyst', 'coordinator'),
          fc.array(fc.constantFrom<Op>('disable', 'enable', 'rotate', 'rename'), { minLength: 1, maxLength: 8 }),
          async (role, ops) => {
            const u = await t.createUser(role, { missionIds: [missionA] });
            const path = `/api/v1/users/${u.id}`;
            let active = true;
            let current = u.token;
            const retired: string[] = [];
            for (const op of ops) {
              if (op === 'rotate') {
                const res = await t.http().post(`${path}/token`);
                expect(res.status).toBe(active ? 201 : 409);
                if (res.status === 201) {
                  retired.push(current);
                  current = res.body.token;
                }
              } else {
                const body = op === 'rename' ? { name: `Renamed ${retired.length}` } : { active: op === 'enable' };
                await t.http().patch(path).send(body).expect(200);
                if (op !== 'rename') active = op === 'enable';
              }
              await t
                .as(current)
                .get('/api/v1/me')
                .expect(active ? 200 : 401);
              for (const old of retired) await t.as(old).get('/api/v1/me').expect(401);
            }
            // Whatever happened while it was off, the token it has is the one it had when switched on.
            await t.http().patch(path).send({ active: true }).expect(200);
            await t.as(current).get('/api/v1/me').expect(200);
          },
        ),
        { numRuns: 30 },
      );
    });
  });

  describe('users', () => {
    it.each([
      ['an admin listing missions', { role: 'admin', missionIds: [1] }, 'missionIds'],
      ['an observer without its observer record', { role: 'observer' }, 'observerId'],
      ['an analyst with an observer record', { role: 'analyst', observerId: 1 }, 'observerId'],
      ['a mission that does not exist', { role: 'analyst', missionIds: [999999] }, 'missionIds'],
      ['an unknown role', { role: 'superuser' }, 'role'],
      ['an unknown field', { role: 'analyst', token: 'chosen' }, 'token'],
    ])('refuses %s with 400 naming the field and creates nothing', async (_label, body, field) => {
      const before = await users().count();
      const res = await t
        .http()
        .post('/api/v1/users')
        .send({ name: 'X', ...body })
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
      expect(await users().count()).toBe(before);
    });

    it("links an observer user to its record's mission and refuses a second user for the same record", async () => {
      const obs = (await t.http().post(`/api/v1/missions/${missionA}/observers`).send(observerBody()).expect(201)).body;
      const res = await t
        .http()
        .post('/api/v1/users')
        .send({ name: 'STO', role: 'observer', observerId: obs.id })
        .expect(201);
      expect(res.body).toMatchObject({ role: 'observer', observerId: obs.id, missionIds: [missionA] });
      await t
        .http()
        .post('/api/v1/users')
        .send({ name: 'STO again', role: 'observer', observerId: obs.id })
        .expect(409);
      const wrong = await t
        .http()
        .post('/api/v1/users')
        .send({ name: 'STO B', role: 'observer', observerId: obs.id, missionIds: [missionB] })
        .expect(400);
      expect(JSON.stringify(wrong.body.message)).toContain('missionIds');
    });

    it('refuses to remove, disable or demote the last active admin (409)', async () => {
      const admins = await users().findBy({ role: 'admin', active: true });
      expect(admins).toHaveLength(1);
      const id = admins[0].id;
      await t.http().delete(`/api/v1/users/${id}`).expect(409);
      await t.http().patch(`/api/v1/users/${id}`).send({ active: false }).expect(409);
      await t.http().patch(`/api/v1/users/${id}`).send({ role: 'analyst' }).expect(409);
      await t.http().get('/api/v1/missions').expect(200);
    });

    it('lets only admins manage users (403 for a coordinator)', async () => {
      const c = await t.createUser('coordinator', { missionIds: [missionA] });
      await t.as(c.token).get('/api/v1/users').expect(403);
      await t.as(c.token).post('/api/v1/users').send({ name: 'Me too', role: 'admin' }).expect(403);
      await t.as(c.token).post(`/api/v1/users/${c.id}/token`).expect(403);
    });

    it('filters the list by mission and role and pages it', async () => {
      await t.createUser('analyst', { missionIds: [missionB], name: 'Analyst of B' });
      const res = await t.http().get('/api/v1/users').query({ missionId: missionB, role: 'analyst' }).expect(200);
      expect(res.body.items.map((u: { name: string }) => u.name)).toEqual(['Analyst of B']);
      expect(res.body.items[0].missionIds).toEqual([missionB]);
    });
  });

  describe('missions and membership', () => {
    it('shows a non-admin only its own missions, and hides the others as 404', async () => {
      const c = await t.createUser('coordinator', { missionIds: [missionA] });
      const list = await t.as(c.token).get('/api/v1/missions').expect(200);
      expect(list.body.items.map((m: { id: number }) => m.id)).toEqual([missionA]);
      expect(list.body.total).toBe(1);
      const hidden = await t.as(c.token).get(`/api/v1/missions/${missionB}`).expect(404);
      const absent = await t.as(c.token).get('/api/v1/missions/999999').expect(404);
      expect(hidden.body.message).toBe(`Mission ${missionB} not found`);
      expect(absent.body.message).toBe('Mission 999999 not found');
    });

    it('lets a coordinator edit its mission but not create or delete missions', async () => {
      const c = await t.createUser('coordinator', { missionIds: [missionA] });
      await t.as(c.token).patch(`/api/v1/missions/${missionA}`).send({ name: 'Mission A (renamed)' }).expect(200);
      await t.as(c.token).post('/api/v1/missions').send(missionBody()).expect(403);
      await t.as(c.token).delete(`/api/v1/missions/${missionA}`).expect(403);
    });

    it('refuses an analyst any write inside its mission (403)', async () => {
      const a = await t.createUser('analyst', { missionIds: [missionA] });
      await t.as(a.token).patch(`/api/v1/missions/${missionA}`).send({ name: 'No' }).expect(403);
      await t.as(a.token).post(`/api/v1/missions/${missionA}/observers`).send(observerBody()).expect(403);
    });
  });

  describe('GET /me', () => {
    const ME_FIELDS = ['id', 'missionIds', 'name', 'observerId', 'role'];

    it('answers an admin its own user, and nothing more', async () => {
      const res = await t.http().get('/api/v1/me').expect(200);
      expect(Object.keys(res.body).sort()).toEqual(ME_FIELDS);
      expect(res.body).toMatchObject({ role: 'admin', missionIds: [], observerId: null });
      const stored = await users().findOneByOrFail({ id: res.body.id });
      expect(res.body.name).toBe(stored.name);
      expect(JSON.stringify(res.body)).not.toContain(stored.tokenHash);
    });

    it.each(['coordinator', 'analyst'] as const)('answers the %s user its role and missions', async (role) => {
      const u = await t.createUser(role, { missionIds: [missionB, missionA], name: `Me ${role}` });
      const res = await t.as(u.token).get('/api/v1/me').expect(200);
      expect(res.body).toEqual({
        id: u.id,
        name: `Me ${role}`,
        role,
        missionIds: [missionA, missionB].sort((a, b) => a - b),
        observerId: null,
      });
    });

    it('answers an observer user its observer record and that record’s mission', async () => {
      const observerId = (
        await t.http().post(`/api/v1/missions/${missionA}/observers`).send(observerBody()).expect(201)
      ).body.id;
      const u = await t.createUser('observer', { observerId, name: 'Me observer' });
      const res = await t.as(u.token).get('/api/v1/me').expect(200);
      expect(res.body).toEqual({ id: u.id, name: 'Me observer', role: 'observer', missionIds: [missionA], observerId });
    });

    it('answers 401 without a token or with a revoked one', async () => {
      await t.anonymous().get('/api/v1/me').expect(401);
      const u = await t.createUser('analyst', { missionIds: [missionA] });
      await t.http().post(`/api/v1/users/${u.id}/token`).expect(201);
      await t.as(u.token).get('/api/v1/me').expect(401);
    });
  });
});

describe('Access control: start-up admin (e2e)', () => {
  it('makes a first admin on an empty database without ADMIN_TOKEN, whose token (printed by main.ts) works', async () => {
    let t: TestApp | undefined;
    // @nestjs/config copies validated settings into process.env, so an earlier app's token lingers there.
    delete process.env.ADMIN_TOKEN;
    try {
      t = await createTestApp({ ADMIN_TOKEN: '' });
      const token = t.app.get(AdminBootstrap).createdToken;
      expect(token).toMatch(/^eom_[A-Za-z0-9_-]{43}$/);
      await t.as(token!).get('/api/v1/users').expect(200);
      // The printing itself, as the last thing on the screen, is test/startup.e2e-spec.ts's.
    } finally {
      await t?.close();
    }
  });
});

describe('Access control: throttling and body limits (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 after 10 failed authentications, even for the next valid token', async () => {
    for (let i = 0; i < 10; i++) await t.as(`eom_guess-${i}`).get('/api/v1/missions').expect(401);
    const res = await t.as('eom_guess-11').get('/api/v1/missions').expect(429);
    expect(res.body.message).toMatch(/failed authentication/);
    await t.http().get('/api/v1/missions').expect(429);
  });

  it('answers 413 (not 500) for a body over JSON_BODY_LIMIT or CSV_BODY_LIMIT, in the API error shape', async () => {
    const fresh = await createTestApp({ JSON_BODY_LIMIT: '2kb', CSV_BODY_LIMIT: '4kb' });
    try {
      const res = await fresh
        .http()
        .post('/api/v1/missions')
        .send(missionBody({ name: 'x'.repeat(4000) }))
        .expect(413);
      expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      expect(res.body.message).toMatch(/JSON 2kb/);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js/);
      const csv = await fresh
        .http()
        .post('/api/v1/missions/1/observers/import')
        .set('Content-Type', 'text/csv')
        .send('full_name\n' + 'x\n'.repeat(30000))
        .expect(413);
      expect(csv.body.message).toMatch(/CSV 4kb/);
    } finally {
      await fresh.close();
    }
  });
});

describe('Access control: general rate limit (e2e)', () => {
  it('answers 429 past RATE_LIMIT_PER_MINUTE', async () => {
    const t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
    try {
      for (let i = 0; i < 5; i++) await t.http().get('/api/v1/missions').expect(200);
      await t.http().get('/api/v1/missions').expect(429);
    } finally {
      await t.close();
    }
  });
});
