import { ElectionEvent } from '../src/election-events/entities/election-event.entity';
import { createTestApp, TestApp } from './app';
import { insertStation } from './factories/event.factory';
import { createMission } from './factories/mission.factory';

/**
 * Mission time through the API: CSV times without an offset are read on the mission's clocks,
 * plain-date filters are the mission's days, and the Markdown/HTML/CSV show its clocks. The New
 * York missions have a daylight-saving change inside their period (clocks forward 2024-03-10 02:00,
 * back 2024-11-03 02:00), so a day is 23 or 25 hours long there.
 */
describe('Mission time (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const eventsUrl = (m: number) => `/api/v1/missions/${m}/events`;
  const meeting = (m: number, title: string, occurredAt: string) =>
    t.http().post(eventsUrl(m)).send({ type: 'meeting', title, occurredAt }).expect(201);
  const importCsv = (m: number, csv: string, query: Record<string, string> = {}) =>
    t
      .http()
      .post(`${eventsUrl(m)}/import`)
      .query(query)
      .set('Content-Type', 'text/csv')
      .send(csv);
  const storedTimes = async (m: number) =>
    (await t.dataSource.getRepository(ElectionEvent).find({ where: { missionId: m }, order: { id: 'ASC' } })).map((e) =>
      e.occurredAt.toISOString(),
    );

  describe('a New York mission across the November change (25-hour 3 November)', () => {
    let m: number;
    beforeAll(async () => {
      m = await createMission(t, {
        name: 'Fall back',
        hostCountry: 'US',
        electionDate: '2024-11-05',
        startDate: '2024-11-01',
        endDate: '2024-11-08',
        timezone: 'America/New_York',
      });
      await insertStation(t.dataSource, m, { constituencyCode: '1', code: '0001', registeredVoters: 500 });
    });

    it('reads CSV times without an offset on the mission clocks, with one as written, and 01:30 on 3 November as its first occurrence', async () => {
      const csv = [
        'station,stage,occurred_at,overall_assessment',
        '0001,opening,2024-11-02T08:00,good', // daylight time, UTC-4
        '0001,voting,2024-11-05 08:00,good', // standard time, UTC-5
        '0001,closing,2024-11-03T01:30,good', // happened twice: the earlier one, at UTC-4
        '0001,counting,2024-11-05T20:00:00+01:00,good', // an offset is kept as written
      ].join('\n');
      await importCsv(m, csv).expect(201);
      expect(await storedTimes(m)).toEqual([
        '2024-11-02T12:00:00.000Z',
        '2024-11-05T13:00:00.000Z',
        '2024-11-03T05:30:00.000Z',
        '2024-11-05T19:00:00.000Z',
      ]);
    });

    it('filters on plain dates as whole mission days, 25 hours for 3 November, on the events list and the summary', async () => {
      const ids: Record<string, number> = {};
      for (const [title, at] of [
        ['before', '2024-11-02T23:59:59-04:00'],
        ['first', '2024-11-03T00:00:00-04:00'],
        ['last', '2024-11-03T23:59:59.999-05:00'],
        ['after', '2024-11-04T00:00:00-05:00'],
      ]) {
        ids[title] = (await meeting(m, title, at)).body.id as number;
      }
      const listed = await t
        .http()
        .get(eventsUrl(m))
        .query({ type: 'meeting', from: '2024-11-03', to: '2024-11-03' })
        .expect(200);
      expect(listed.body.items.map((e: { title: string }) => e.title)).toEqual(['first', 'last']);

      const summary = await t
        .http()
        .get(`/api/v1/missions/${m}/summary`)
        .query({ from: '2024-11-03', to: '2024-11-03' })
        .expect(200);
      expect(summary.body.timeline.map((e: { title: string }) => e.title)).toEqual(['first', 'last']);
      // The 01:30 closing visit of the import is on that day; the others are not.
      expect(summary.body.assessments.closing.reports).toBe(1);
      expect(summary.body.assessments.opening.reports + summary.body.assessments.voting.reports).toBe(0);

      // A plain `to` alone ends with that day; a plain `from` alone starts with it.
      const upTo = await t.http().get(eventsUrl(m)).query({ type: 'meeting', to: '2024-11-02' }).expect(200);
      expect(upTo.body.items.map((e: { title: string }) => e.title)).toEqual(['before']);
      const fromDay = await t.http().get(eventsUrl(m)).query({ type: 'meeting', from: '2024-11-04' }).expect(200);
      expect(fromDay.body.items.map((e: { title: string }) => e.title)).toEqual(['after']);
    });

    it('lists deployments whose window touches a plain-date day of the mission', async () => {
      const team = await t.http().post(`/api/v1/missions/${m}/teams`).send({ code: 'NY-1' }).expect(201);
      const station = (await t.http().get(`/api/v1/missions/${m}/polling-stations`).expect(200)).body.items[0];
      const deploy = (startsAt: string, endsAt: string) =>
        t
          .http()
          .post(`/api/v1/missions/${m}/deployments`)
          .send({ teamId: team.body.id, pollingStationId: station.id, stages: ['voting'], startsAt, endsAt })
          .expect(201);
      const late4th = await deploy('2024-11-04T23:00:00-05:00', '2024-11-04T23:59:00-05:00');
      const early5th = await deploy('2024-11-05T00:00:00-05:00', '2024-11-05T06:00:00-05:00');
      const onFifth = await t
        .http()
        .get(`/api/v1/missions/${m}/deployments`)
        .query({ from: '2024-11-05', to: '2024-11-05' })
        .expect(200);
      expect(onFifth.body.items.map((d: { id: number }) => d.id)).toEqual([early5th.body.id]);
      const onFourth = await t
        .http()
        .get(`/api/v1/missions/${m}/deployments`)
        .query({ from: '2024-11-04', to: '2024-11-04' })
        .expect(200);
      expect(onFourth.body.items.map((d: { id: number }) => d.id)).toEqual([late4th.body.id]);
    });

    it('names both offsets in the Markdown timeline and writes each time with its own', async () => {
      const res = await t
        .http()
        .get(`/api/v1/missions/${m}/summary`)
        .query({ format: 'md', from: '2024-11-03', to: '2024-11-03' })
        .expect(200);
      expect(res.text).toContain('| When (New York time, UTC-04:00 and UTC-05:00) | Type | Title |');
      expect(res.text).toContain('| 2024-11-03 00:00 (UTC-04:00) | Meeting | first |');
      expect(res.text).toContain('| 2024-11-03 23:59 (UTC-05:00) | Meeting | last |');
      expect(res.text).toContain('Filters: from 2024-11-03, to 2024-11-03.');
    });

    it('refuses a range that ends before it starts, and a filter that is neither a date nor an instant', async () => {
      const back = await t.http().get(eventsUrl(m)).query({ from: '2024-11-04', to: '2024-11-03' }).expect(400);
      expect(back.body.errors).toEqual([{ field: 'to', message: 'to must not be before from' }]);
      for (const from of ['2024-11-03T08:00', '2024-11-31', '3 Nov']) {
        const res = await t.http().get(`/api/v1/missions/${m}/summary`).query({ from }).expect(400);
        expect(res.body.errors[0].field).toBe('from');
      }
      await t.http().get(`/api/v1/missions/${m}/audit`).query({ from: '2024-11-03', to: '2024-11-03' }).expect(200);
      await t.http().get(`/api/v1/missions/${m}/audit`).query({ from: '2024-11-04', to: '2024-11-03' }).expect(400);
    });
  });

  describe('a New York mission across the March change (no 02:30 on 10 March)', () => {
    let m: number;
    beforeAll(async () => {
      m = await createMission(t, {
        name: 'Spring forward',
        hostCountry: 'US',
        electionDate: '2024-03-10',
        startDate: '2024-03-08',
        endDate: '2024-03-12',
        timezone: 'America/New_York',
      });
      await insertStation(t.dataSource, m, { constituencyCode: '1', code: '0001', registeredVoters: 500 });
    });

    it('refuses a time the clocks skipped with 400 naming line and column, and stores nothing', async () => {
      const csv = ['station,stage,occurred_at', '0001,opening,2024-03-10T01:59', '0001,voting,2024-03-10T02:30'].join(
        '\n',
      );
      const res = await importCsv(m, csv).expect(400);
      expect(res.body.errors).toEqual([
        {
          line: 3,
          column: 'occurred_at',
          message: '2024-03-10 02:30 does not exist in America/New_York: the clocks skip that hour (daylight saving)',
        },
      ]);
      expect(await storedTimes(m)).toEqual([]);
    });

    it('refuses a skipped time given for the whole file with ?occurredAt=, and takes one that exists', async () => {
      const csv = 'station,stage\n0001,opening\n';
      const res = await importCsv(m, csv, { occurredAt: '2024-03-10T02:15' }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'occurredAt', message: expect.stringContaining('does not exist') }]);
      expect(await storedTimes(m)).toEqual([]);
      await importCsv(m, csv, { occurredAt: '2024-03-10T03:15' }).expect(201);
      expect(await storedTimes(m)).toEqual(['2024-03-10T07:15:00.000Z']);
    });

    it('counts the 23-hour 10 March in a plain-date filter', async () => {
      await meeting(m, 'night', '2024-03-10T23:30:00-04:00');
      await meeting(m, 'next', '2024-03-11T00:00:00-04:00');
      const res = await t.http().get(eventsUrl(m)).query({ from: '2024-03-10', to: '2024-03-10' }).expect(200);
      expect(res.body.items.map((e: { title: string }) => e.title)).toEqual(['Opening visit to station 0001', 'night']);
    });
  });

  describe('a Baku mission (UTC+4 all year)', () => {
    let m: number;
    beforeAll(async () => {
      m = await createMission(t, { name: 'TURKPA times' });
      await meeting(m, 'Meeting with the Minister of Foreign Affairs', '2024-02-06T11:00:00+04:00');
    });

    it('answers the JSON in UTC and shows 11:00 Baku time in the Markdown, HTML and CSV, naming the zone', async () => {
      const json = await t.http().get(`/api/v1/missions/${m}/summary`).expect(200);
      expect(json.body.timeline[0].occurredAt).toBe('2024-02-06T07:00:00.000Z');
      expect(json.body.mission.timezone).toBe('Asia/Baku');
      const md = await t.http().get(`/api/v1/missions/${m}/summary`).query({ format: 'md' }).expect(200);
      expect(md.text).toContain('| When (Baku time, UTC+04:00) | Type | Title |');
      expect(md.text).toContain('| 2024-02-06 11:00 | Meeting | Meeting with the Minister of Foreign Affairs |');
      const html = await t.http().get(`/api/v1/missions/${m}/summary`).query({ format: 'html' }).expect(200);
      expect(html.text).toContain('<th>When (Baku time, UTC+04:00)</th>');
      expect(html.text).toContain('<td>2024-02-06 11:00</td>');
      const csv = await t.http().get(`/api/v1/missions/${m}/summary`).query({ format: 'csv' }).expect(200);
      expect(csv.text).toContain('"time (Baku time, UTC+04:00)",occurredAt (UTC),type,title\r\n');
      expect(csv.text).toContain(
        '2024-02-06 11:00,2024-02-06T07:00:00.000Z,meeting,Meeting with the Minister of Foreign Affairs',
      );
    });

    it('counts the plain date 2024-02-07 as the Baku day, 20:00 UTC to 20:00 UTC', async () => {
      for (const at of [
        '2024-02-06T23:59:00+04:00',
        '2024-02-07T00:00:00+04:00',
        '2024-02-07T23:59:00+04:00',
        '2024-02-08T00:00:00+04:00',
      ]) {
        await meeting(m, `at ${at}`, at);
      }
      const res = await t
        .http()
        .get(`/api/v1/missions/${m}/summary`)
        .query({ from: '2024-02-07', to: '2024-02-07' })
        .expect(200);
      expect(res.body.timeline.map((e: { occurredAt: string }) => e.occurredAt)).toEqual([
        '2024-02-06T20:00:00.000Z',
        '2024-02-07T19:59:00.000Z',
      ]);
    });
  });
});
