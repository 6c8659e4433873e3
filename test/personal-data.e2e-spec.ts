import fc from 'fast-check';
import { ObserversService } from '../src/observers/observers.service';
import { systemCaller } from '../src/common/request-context';
import { createTestApp, DB_TYPE, TestApp } from './app';
import { eventBody } from './factories/event.factory';
import { missionBody } from './factories/mission.factory';
import { observerBody } from './factories/observer.factory';
import { stationBody } from './factories/station.factory';
import { teamBody } from './factories/team.factory';

interface PersonalData {
  email: string;
  phone: string;
  documentNumber: string;
  dateOfBirth: string;
}

// Shapes that cannot occur by chance in a response that does not carry them (no 9-digit runs,
// no dates before 2006), so a match can only be a leak.
const personalData: fc.Arbitrary<PersonalData> = fc.record({
  email: fc
    .tuple(fc.stringMatching(/^[a-z][a-z0-9._]{3,20}$/), fc.stringMatching(/^[a-z]{3,12}\.(org|com|az|kz|tr)$/))
    .map(([local, domain]) => `${local}@${domain}`),
  phone: fc.stringMatching(/^\+[1-9][0-9]{8,12}$/),
  documentNumber: fc.stringMatching(/^[A-Z]{1,3}[0-9]{7,9}$/),
  dateOfBirth: fc
    .date({ min: new Date('1940-01-01T00:00:00Z'), max: new Date('2005-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
});

const values = (p: PersonalData) => [p.email, p.phone, p.documentNumber, p.dateOfBirth];

describe('Personal data reaches admins and coordinators only (e2e, property-based)', () => {
  let t: TestApp;
  let missionId: number;
  let analyst: string;
  let observer: string;
  let coordinator: string;
  let firstObserverId: number;
  const generated: PersonalData[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    // 1,000 committed writes, each waiting for the disk, would make this spec slow for nothing:
    // durability is not what it is about.
    if (DB_TYPE === 'sqlite') await t.dataSource.query('PRAGMA synchronous = OFF');
    else {
      const [{ db }] = await t.dataSource.query('SELECT current_database() AS db');
      await t.dataSource.query(`ALTER DATABASE "${db}" SET synchronous_commit = off`);
      await t.dataSource.query('SET synchronous_commit = off');
    }
    missionId = (await t.http().post('/api/v1/missions').send(missionBody()).expect(201)).body.id;
    const base = `/api/v1/missions/${missionId}`;
    const teamId = (await t.http().post(`${base}/teams`).send(teamBody()).expect(201)).body.id;
    const obs = (await t.http().post(`${base}/observers`).send(observerBody({ teamId })).expect(201)).body;
    firstObserverId = obs.id;
    generated.push({
      email: obs.email,
      phone: obs.phone,
      documentNumber: obs.documentNumber,
      dateOfBirth: obs.dateOfBirth,
    });
    await t.http().post(`${base}/polling-stations`).send(stationBody()).expect(201);
    analyst = (await t.createUser('analyst', { missionIds: [missionId] })).token;
    coordinator = (await t.createUser('coordinator', { missionIds: [missionId] })).token;
    observer = (await t.createUser('observer', { observerId: obs.id })).token;
    await t
      .as(observer)
      .post(`${base}/events`)
      .send(eventBody({ observerIds: [obs.id] }))
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  const leaks = (text: string, data: PersonalData[]) => data.flatMap(values).filter((v) => text.includes(v));

  it('never shows an analyst or an observer user any observer personal data (1,000 random observers)', async () => {
    const observers = t.app.get(ObserversService);
    const base = `/api/v1/missions/${missionId}/observers`;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(personalData, async (pd) => {
        n += 1;
        generated.push(pd);
        const created = await observers.create(
          systemCaller('test'),
          missionId,
          observerBody({ ...pd, fullName: `Random person ${n}` }),
        );
        const one = await t.as(analyst).get(`${base}/${created.id}`).expect(200);
        expect(one.body.fullName).toBe(`Random person ${n}`);
        const list = await t
          .as(analyst)
          .get(base)
          .query({ q: `Random person ${n}`, limit: 5 })
          .expect(200);
        expect(leaks(one.text + list.text, [pd])).toEqual([]);
        // The same record, to a coordinator: the data is there, so the check above is not vacuous.
        if (n % 250 === 1) {
          const full = await t.as(coordinator).get(`${base}/${created.id}`).expect(200);
          expect(leaks(full.text, [pd]).sort()).toEqual(values(pd).sort());
        }
      }),
      { numRuns: 1000 },
    );
  }, 600_000);

  it('leaves personal data out of every list, summary and export an analyst or observer user can read', async () => {
    const base = `/api/v1/missions/${missionId}`;
    const reads: Array<[string, string]> = [];
    for (const path of [
      '/observers?limit=500',
      '/observers?limit=500&offset=500',
      '/observers?limit=500&offset=1000',
    ]) {
      reads.push([analyst, path]);
    }
    for (const format of ['json', 'md', 'html', 'csv']) reads.push([analyst, `/summary?format=${format}`]);
    reads.push([observer, '/observers'], [observer, `/observers/${firstObserverId}`]);
    for (const path of ['', '/teams', '/events', '/deployments', '/polling-stations', '/checklists']) {
      reads.push([analyst, path], [observer, path]);
    }
    let text = '';
    for (const [token, path] of reads) {
      const res = await t.as(token).get(`${base}${path}`);
      expect([200, 403]).toContain(res.status);
      text += res.text;
    }
    text += (await t.as(analyst).get('/api/v1/missions').expect(200)).text;
    text += (await t.as(observer).get('/api/v1/missions').expect(200)).text;
    expect(generated.length).toBeGreaterThan(1000);
    expect(leaks(text, generated)).toEqual([]);
  });
});
