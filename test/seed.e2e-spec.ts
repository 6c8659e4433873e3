import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule, SettingsOverrides } from '../src/app.module';
import { APP_OPTIONS, configureApp, createHttpAdapter } from '../src/app.setup';
import { AuditEntry } from '../src/audit/entities/audit-entry.entity';
import { ElectionEvent } from '../src/election-events/entities/election-event.entity';
import { EventAnswer } from '../src/election-events/entities/event-answer.entity';
import { Mission } from '../src/missions/entities/mission.entity';
import { Observer } from '../src/observers/entities/observer.entity';
import { PollingStation } from '../src/polling-stations/entities/polling-station.entity';
import {
  ALBANIA_2017_DIR,
  ALBANIA_2017_OPENING,
  ALBANIA_2017_STATIONS,
  defaultSamplePath,
} from '../src/seed/sample-files';
import { SampleMissionSeeder } from '../src/seed/sample-mission.seeder';
import { Team } from '../src/teams/entities/team.entity';
import { DB_TYPE, freshDatabase } from './app';

async function startApp(settings: SettingsOverrides): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(settings)] }).compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(), { ...APP_OPTIONS, logger: ['error'] });
  configureApp(app);
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
    expect(audit).toHaveLength(2);
    expect(audit).toContainEqual(expect.objectContaining({ actorName: 'seed', entityId: res.body.id }));
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

  describe('the Albanian mission: real data of 25 June 2017', () => {
    // Read here with another CSV parser than the imports', so the expectations share nothing with them.
    const cec: Record<string, string>[] = parse(readFileSync(ALBANIA_2017_STATIONS, 'utf8'), {
      columns: true,
      bom: true,
      skip_empty_lines: true,
    });
    const reports: Record<string, string>[] = parse(readFileSync(ALBANIA_2017_OPENING, 'utf8'), {
      columns: true,
      skip_empty_lines: true,
    });
    /** psID qvKod-NN: -00 is station qvKod, -01 and up the split station qvKod + N of the CEC list. */
    const codeOf = (psID: string) => {
      const [code, split] = psID.split('-');
      return split === '00' ? code : `${code}${Number(split)}`;
    };
    /** Every band of the file and the UTC instant it starts at (Tirana is UTC+2 in June). */
    const BAND_START: Record<string, string> = {
      '7_00': '2017-06-25T07:00:00+02:00',
      '7-730': '2017-06-25T07:00:00+02:00',
      '730-8': '2017-06-25T07:30:00+02:00',
      '8-830': '2017-06-25T08:00:00+02:00',
      // Unanswered: put at the legal opening time.
      'n/a': '2017-06-25T07:00:00+02:00',
    };
    const albaniaId = async () => (await ds.getRepository(Mission).findOneByOrFail({ hostCountry: 'AL' })).id;

    it('is loaded next to TURKPA, says it is real data and where it comes from, and its summary can be read', async () => {
      const id = await albaniaId();
      const res = await get(`/api/v1/missions/${id}`).expect(200);
      expect(res.body).toMatchObject({
        hostCountry: 'AL',
        kind: 'citizen_observation',
        electionType: 'parliamentary',
        electionDate: '2017-06-25',
        timezone: 'Europe/Tirane',
        status: 'reporting',
      });
      expect(res.body.name).toMatch(/real data/);
      expect(res.body.name).toMatch(/CDO/);
      expect(await ds.getRepository(Mission).count()).toBe(2);
      expect(await ds.getRepository(Observer).countBy({ missionId: id })).toBe(0);
      const imports = await ds.getRepository(AuditEntry).findBy({ missionId: id, action: 'import' });
      expect(imports.map((a) => [a.entityType, a.actorName]).sort()).toEqual([
        ['event', 'seed'],
        ['polling_station', 'seed'],
      ]);
    });

    it("has the CEC's 5,362 stations; a split station's report is on that split station, a station of its own", async () => {
      const id = await albaniaId();
      const stations = await ds.getRepository(PollingStation).findBy({ missionId: id });
      expect(stations).toHaveLength(cec.length);
      expect(cec).toHaveLength(5362);
      const byCode = new Map(stations.map((s) => [s.code, s]));
      const row = cec.find((r) => r.qvKod === '0001')!;
      expect(byCode.get('0001')).toMatchObject({
        constituencyCode: row.zaz,
        name: row.vendndodhja,
        region: row.qarku,
        district: row.bashkia,
        registeredVoters: Number(row.zgjedhes),
      });

      const splits = reports.filter((r) => !r.psID.endsWith('-00'));
      expect(splits.length).toBeGreaterThan(100);
      for (const report of splits) {
        const split = byCode.get(codeOf(report.psID))!;
        const main = byCode.get(report.psID.slice(0, 4))!;
        expect(split).toBeDefined();
        expect(split.id).not.toBe(main.id);
        // The same zone and county as the station it was split from, and a voter list of its own.
        expect([split.constituencyCode, split.region]).toEqual([main.constituencyCode, main.region]);
        expect(split.region).toBe(report.qarku);
      }
      // 0079-01 is station 00791: its own 285 voters, the number the observer copied from its list.
      expect(reports.find((r) => r.psID === '0079-01')!.votersList).toBe('285');
      expect(byCode.get('00791')!.registeredVoters).toBe(285);
      expect(byCode.get('0079')!.registeredVoters).not.toBe(285);
    });

    it('has the 524 opening visits with their answers, each at the start of its opening band, Tirana time', async () => {
      const id = await albaniaId();
      expect(new Set(reports.map((r) => r.openTime))).toEqual(new Set(Object.keys(BAND_START)));
      const stations = await ds.getRepository(PollingStation).findBy({ missionId: id });
      const codeById = new Map(stations.map((s) => [s.id, s.code]));
      const visits = await ds.getRepository(ElectionEvent).findBy({ missionId: id });
      expect(visits).toHaveLength(524);
      const visitOf = new Map(visits.map((v) => [codeById.get(v.pollingStationId!)!, v]));
      // One report per station, so each report finds its own visit.
      expect(visitOf.size).toBe(reports.length);
      for (const report of reports) {
        const visit = visitOf.get(codeOf(report.psID))!;
        expect({ psID: report.psID, type: visit.type, stage: visit.stage, at: visit.occurredAt.toISOString() }).toEqual(
          {
            psID: report.psID,
            type: 'station_visit',
            stage: 'opening',
            at: new Date(BAND_START[report.openTime]).toISOString(),
          },
        );
      }
      const at = (psID: string) => visitOf.get(codeOf(psID))!.occurredAt.toISOString();
      const firstOf = (band: string) => reports.find((r) => r.openTime === band)!.psID;
      expect(at(firstOf('7_00'))).toBe('2017-06-25T05:00:00.000Z');
      expect(at(firstOf('730-8'))).toBe('2017-06-25T05:30:00.000Z');
      expect(at(firstOf('8-830'))).toBe('2017-06-25T06:00:00.000Z');

      const answers = await ds.getRepository(EventAnswer).findBy({ missionId: id });
      expect(answers).toHaveLength(524 * 16);
      const first = reports[0];
      const answersOf = (psID: string) =>
        Object.fromEntries(
          answers.filter((a) => a.eventId === visitOf.get(codeOf(psID))!.id).map((a) => [a.questionCode, a.value]),
        );
      expect(first).toMatchObject({ psID: '0001-00', boxSealed: 'po', blindTools: 'jo', disabledTools: 'pjeserisht' });
      expect(answersOf('0001-00')).toMatchObject({
        ballot_box_sealed: 'yes',
        equipped_for_blind_voters: 'no',
        accessible_for_disabled_voters: 'partial',
        ballots_received: null,
        voters_on_list: first.votersList,
        opened_on_time: 'yes',
        premises_type: 'public',
      });
    });

    it("answers a summary with the real coverage and the real negative shares of the checklist's questions", async () => {
      const { body: s } = await get(`/api/v1/missions/${await albaniaId()}/summary`).expect(200);
      const observed = new Set(reports.map((r) => codeOf(r.psID))).size;
      expect(s.stations.total).toBe(cec.length);
      expect(s.coverage.opening.observedStations).toBe(observed);
      expect(s.coverage.opening.share).toBeCloseTo(observed / cec.length, 12);
      const inTirane = (rows: Record<string, string>[]) => rows.filter((r) => r.qarku === 'Tirane').length;
      expect(s.coverage.opening.byRegion.Tirane).toEqual({ observed: inTirane(reports), total: inTirane(cec) });

      const rated = reports.filter((r) => ['shummir', 'mir', 'meprob', 'shumprob'].includes(r.overallOpen));
      const bad = rated.filter((r) => ['meprob', 'shumprob'].includes(r.overallOpen));
      expect(s.assessments.opening).toMatchObject({ reports: 524, rated: rated.length, negative: bad.length });

      /** Answered: anything but n/a (na); negative: what the question counts as negative. */
      const figures = (column: string, negative: (cell: string) => boolean) => {
        const answered = reports.filter((r) => !['n/a', 'na'].includes(r[column]));
        const no = answered.filter((r) => negative(r[column])).length;
        return { answered: answered.length, negative: no, negativeShare: no / answered.length };
      };
      const q = s.assessments.opening.questions;
      expect(q.ballot_box_sealed).toEqual(figures('boxSealed', (c) => c === 'jo'));
      expect(q.secrecy_ensured).toEqual(figures('secrecyOpen', (c) => c === 'jo'));
      // Yes / no / partially: partially is negative too.
      expect(q.accessible_for_disabled_voters).toEqual(
        figures('disabledTools', (c) => c === 'jo' || c === 'pjeserisht'),
      );
      // Opened on time: only the 07:00 band is.
      expect(q.opened_on_time).toEqual(figures('openTime', (c) => c !== '7_00'));
      expect(q.opened_on_time.negative).toBeGreaterThan(100);
      expect(s.dataQuality.eventsOutsideMissionPeriod).toBe(0);
    });
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
    expect(before.missions).toBe(2);
  });

  describe('a broken data file', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'eom-seed-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the sample's JSON, broken on purpose in any field
    const brokenCopy = (edit: (sample: any) => void): string => {
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
      expect(await seeder.seed(defaultSamplePath())).toEqual([
        expect.objectContaining({ pollingStations: 26 }),
        expect.objectContaining({ pollingStations: 5362, events: 524 }),
      ]);
    });

    /** A copy of the Albanian data with one line of one file replaced. */
    const brokenAlbania = (file: string, line: number, edit: (text: string) => string): string => {
      const copy = join(dir, `albania-${randomBytes(4).toString('hex')}`);
      mkdirSync(copy);
      for (const name of ['stations.csv', 'opening-checklists.csv'])
        copyFileSync(join(ALBANIA_2017_DIR, name), join(copy, name));
      const lines = readFileSync(join(copy, file), 'utf8').split('\n');
      lines[line - 1] = edit(lines[line - 1]);
      writeFileSync(join(copy, file), lines.join('\n'));
      return copy;
    };

    it('fails on broken Albanian data naming file, line and column, and seeds neither mission', async () => {
      const seeder = app.get(SampleMissionSeeder);
      await ds.createQueryBuilder().delete().from(Mission).execute();
      const cases: [string, RegExp][] = [
        [
          brokenAlbania('opening-checklists.csv', 3, (l) => l.replace('"7_00"', '"9-930"')),
          /opening-checklists\.csv is invalid:\n {2}line 3: openTime "9-930"/,
        ],
        [
          brokenAlbania('opening-checklists.csv', 4, (l) => l.replace(/"\d{4}-00"/, '"9999-00"')),
          /opening-checklists\.csv is invalid: .*\n {2}line 4, station: "9999" is not a polling station/,
        ],
        [
          brokenAlbania('opening-checklists.csv', 5, (l) => l.replace('"po"', '"maybe"')),
          /opening-checklists\.csv is invalid: .*\n {2}line 5, secrecyOpen: /,
        ],
        [
          brokenAlbania('stations.csv', 2, (l) => l.replace(',702,', ',-702,')),
          /stations\.csv is invalid: .*\n {2}line 2, zgjedhes: /,
        ],
      ];
      for (const [albaniaDir, message] of cases) {
        await expect(seeder.seed(defaultSamplePath(), albaniaDir)).rejects.toThrow(message);
      }
      // The TURKPA mission, written first in the same transaction, is gone with the rest.
      expect(await ds.getRepository(Mission).count()).toBe(0);
      expect(await ds.getRepository(PollingStation).count()).toBe(0);
      expect(await seeder.seed()).toHaveLength(2);
    });
  });

  (DB_TYPE === 'postgres' ? it : it.skip)('seeds once when two processes start together (PostgreSQL)', async () => {
    await ds.createQueryBuilder().delete().from(Mission).execute();
    const other = await startApp({ ...settings, SEED_SAMPLE: 'false' });
    try {
      const results = await Promise.all([app.get(SampleMissionSeeder).seed(), other.get(SampleMissionSeeder).seed()]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect(await ds.getRepository(Mission).count()).toBe(2);
      expect(await ds.getRepository(PollingStation).count()).toBe(26 + 5362);
    } finally {
      await other.close();
    }
  });
});
