import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule, SettingsOverrides } from '../src/app.module';
import { APP_OPTIONS, configureApp, createHttpAdapter } from '../src/app.setup';
import { AuditEntry } from '../src/audit/entities/audit-entry.entity';
import { ElectionEvent } from '../src/election-events/entities/election-event.entity';
import { Mission } from '../src/missions/entities/mission.entity';
import { Observer } from '../src/observers/entities/observer.entity';
import { PollingStation } from '../src/polling-stations/entities/polling-station.entity';
import { defaultSamplePath, SampleMissionSeeder } from '../src/seed/sample-mission.seeder';
import { Team } from '../src/teams/entities/team.entity';
import { freshDatabase } from './app';

async function startApp(settings: SettingsOverrides): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(settings)] }).compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(), { ...APP_OPTIONS, logger: ['error'] });
  await configureApp(app);
  await app.init();
  // Fastify loads its plugins (security headers, static files) when it is ready: supertest needs that first.
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('Sample mission seed (e2e)', () => {
  const token = `test-admin-${randomBytes(24).toString('base64url')}`;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let settings: SettingsOverrides;
  let app: INestApplication;
  let ds: DataSource;
  const get = (path: string) => request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    db = await freshDatabase();
    settings = { ...db.settings, SEED_SAMPLE: 'true', RATE_LIMIT_PER_MINUTE: '0', ADMIN_TOKEN: token };
    app = await startApp(settings);
    ds = app.get(DataSource);
  });
  afterAll(async () => {
    await app?.close();
    await db.drop();
  });

  const missionId = async () => (await ds.getRepository(Mission).findOneByOrFail({ organization: 'TURKPA' })).id;

  it('loads the TURKPA mission to the 2024 Azerbaijani presidential election on the first start', async () => {
    const res = await get(`/api/v1/missions/${await missionId()}`).expect(200);
    expect(res.body).toMatchObject({
      organization: 'TURKPA',
      kind: 'parliamentary_delegation',
      hostCountry: 'AZ',
      electionType: 'presidential',
      electionDate: '2024-02-07',
      timezone: 'Asia/Baku',
      status: 'reporting',
    });
    const audit = await ds.getRepository(AuditEntry).findBy({ entityType: 'mission', action: 'create' });
    expect(audit).toEqual([expect.objectContaining({ actorName: 'seed', entityId: res.body.id })]);
  });

  it('has the 26 stations of the formerly occupied territories, about 23,000 voters in 118-125', async () => {
    const stations = await ds.getRepository(PollingStation).findBy({ missionId: await missionId() });
    expect(stations).toHaveLength(26);
    expect(stations.every((s) => s.tags.includes('formerly-occupied'))).toBe(true);
    expect(new Set(stations.map((s) => s.constituencyCode))).toEqual(
      new Set(['118', '119', '120', '121', '122', '123', '124', '125']),
    );
    const voters = stations.reduce((sum, s) => sum + (s.registeredVoters ?? 0), 0);
    expect(voters).toBeGreaterThan(22_000);
    expect(voters).toBeLessThan(24_000);
    expect(stations.filter((s) => s.constituencyCode === '125')).toHaveLength(4);
    expect(stations.some((s) => s.constituencyCode === '124' && s.code === '105')).toBe(true);
  });

  it("has Lachin No. 121's five stations with 6,020 voters", async () => {
    const [row] = await ds
      .getRepository(PollingStation)
      .createQueryBuilder('s')
      .select('COUNT(*)', 'stations')
      .addSelect('SUM(s.registeredVoters)', 'voters')
      .where('s.missionId = :m AND s.constituencyCode = :c', { m: await missionId(), c: '121' })
      .getRawMany();
    expect({ stations: Number(row.stations), voters: Number(row.voters) }).toEqual({ stations: 5, voters: 6020 });
  });

  it('has the head of mission, no observer of the host nationality, and two teams', async () => {
    const id = await missionId();
    const observers = await ds.getRepository(Observer).findBy({ missionId: id });
    expect(observers).toContainEqual(
      expect.objectContaining({ fullName: 'Osman Mesten', nationality: 'TR', role: 'head_of_mission' }),
    );
    expect(new Set(observers.map((o) => o.nationality))).toEqual(new Set(['TR', 'KZ', 'KG']));
    expect(await ds.getRepository(Team).countBy({ missionId: id })).toBe(2);
  });

  it("answers the head of mission's meeting with Jeyhun Bayramov on 6 February 2024 through the events API", async () => {
    const id = await missionId();
    const res = await get(`/api/v1/missions/${id}/events`).query({ type: 'meeting' }).expect(200);
    expect(res.body.total).toBe(1);
    const meeting = res.body.items[0];
    expect(meeting).toMatchObject({
      counterpart: 'Jeyhun Bayramov',
      counterpartOrganization: 'Ministry of Foreign Affairs of the Republic of Azerbaijan',
      location: 'Baku',
    });
    expect(meeting.occurredAt.slice(0, 10)).toBe('2024-02-06');
    const hom = await ds.getRepository(Observer).findOneByOrFail({ missionId: id, role: 'head_of_mission' });
    expect(meeting.observerIds).toEqual([hom.id]);
  });

  it('does not seed again on a second start on the same database', async () => {
    const count = async () => ({
      missions: await ds.getRepository(Mission).count(),
      observers: await ds.getRepository(Observer).count(),
      stations: await ds.getRepository(PollingStation).count(),
      events: await ds.getRepository(ElectionEvent).count(),
    });
    const before = await count();
    await app.close();
    app = await startApp(settings);
    ds = app.get(DataSource);
    expect(await count()).toEqual(before);
    expect(before.missions).toBe(1);
  });

  describe('a broken data file', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'eom-seed-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const brokenCopy = (edit: (sample: Record<string, any>) => void): string => {
      const sample = JSON.parse(readFileSync(defaultSamplePath(), 'utf8'));
      edit(sample);
      const path = join(dir, `sample-${randomBytes(4).toString('hex')}.json`);
      writeFileSync(path, JSON.stringify(sample));
      return path;
    };

    it('fails loudly, naming the problem, and seeds nothing into an empty database', async () => {
      const seeder = app.get(SampleMissionSeeder);
      await ds.createQueryBuilder().delete().from(Mission).execute();
      const cases: [string, RegExp][] = [
        [brokenCopy((s) => (s.observers[1].nationality = 'AZ')), /observers\.1\.nationality: code of conduct/],
        [brokenCopy((s) => (s.events[1].occurredAt = '6 February 2024')), /events\.1\.occurredAt/],
        [brokenCopy((s) => (s.events[0].observers = ['nobody'])), /events\.0\.observers: observer nobody/],
        [brokenCopy((s) => (s.pollingStations[0].registeredVoters = -1)), /pollingStations\.0\.registeredVoters/],
        [brokenCopy((s) => (s.mission.colour = 'blue')), /mission\.colour/],
        [brokenCopy((s) => (s.events[1].stage = 'voting')), /events\.1\.stage: stage does not apply to meeting/],
      ];
      for (const [path, message] of cases) {
        await expect(seeder.seed(path)).rejects.toThrow(message);
      }
      const notJson = join(dir, 'not.json');
      writeFileSync(notJson, '{ "mission": ');
      await expect(seeder.seed(notJson)).rejects.toThrow(/cannot be read/);
      expect(await ds.getRepository(Mission).count()).toBe(0);
      // The shipped file still seeds the emptied database.
      expect(await seeder.seed(defaultSamplePath())).toMatchObject({ pollingStations: 26 });
    });
  });
});
