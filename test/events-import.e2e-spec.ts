import { readFileSync } from 'node:fs';
import { parseCsvText } from '../src/common/csv';
import { ALBANIA_OPENING_QUESTIONS, ALBANIA_VALUES } from '../src/seed/albania-2017.sample';
import { ALBANIA_2017_OPENING } from '../src/seed/sample-files';
import { ElectionEvent } from '../src/election-events/entities/election-event.entity';
import { EventAnswer } from '../src/election-events/entities/event-answer.entity';
import { PollingStation } from '../src/polling-stations/entities/polling-station.entity';
import { createTestApp, TestApp } from './app';
import { insertObserver, insertStation } from './factories/event.factory';
import { missionBody } from './factories/mission.factory';

const NUMBER_QUESTIONS = new Set(['commission_members_present', 'voters_on_list', 'ballots_received']);
/** The Albanian file's columns and words, mapped as the Albanian sample mission maps them. */
const query = {
  columns: [
    'constituency:qarku',
    'station:psID',
    'overall_assessment:overallOpen',
    ...Object.entries(ALBANIA_OPENING_QUESTIONS).map(([code, header]) => `${code}:${header}`),
  ].join(','),
  values: Object.entries(ALBANIA_VALUES)
    .map(([from, to]) => `${from}:${to}`)
    .join(','),
  stage: 'opening',
  occurredAt: '2017-06-25T07:00:00+02:00',
};

describe('Station visits import (e2e)', () => {
  let t: TestApp;
  let missionId: number;
  const importUrl = (m = missionId) => `/api/v1/missions/${m}/events/import`;
  const countEvents = (m = missionId) => t.dataSource.getRepository(ElectionEvent).countBy({ missionId: m });
  const newMission = async (name: string) =>
    (await t.http().post('/api/v1/missions').send(missionBody({ name })).expect(201)).body.id as number;

  beforeAll(async () => {
    t = await createTestApp();
    missionId = (
      await t
        .http()
        .post('/api/v1/missions')
        .send(
          missionBody({
            name: 'Albania 2017 domestic observation',
            hostCountry: 'AL',
            electionName: 'Parliamentary elections',
            electionType: 'parliamentary',
            electionDate: '2017-06-25',
            startDate: '2017-06-01',
            endDate: '2017-07-15',
            timezone: 'Europe/Tirane',
          }),
        )
        .expect(201)
    ).body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('the 524 opening checklists of Albania 2017', () => {
    const text = readFileSync(ALBANIA_2017_OPENING, 'utf8');
    const [header, ...rows] = parseCsvText(text).records;
    const col = (name: string) => header.indexOf(name);

    beforeAll(async () => {
      // One station per psID (split stations "-01" are stations of their own), region = county.
      const stations = rows.map((r) => ({
        missionId,
        constituencyCode: r[col('qarku')],
        code: r[col('psID')],
        name: `QV ${r[col('psID')]}`,
        region: r[col('qarku')],
        registeredVoters: /^\d+$/.test(r[col('votersList')]) ? Number(r[col('votersList')]) : null,
      }));
      await t.dataSource.getRepository(PollingStation).insert(stations);
    });

    it('imports every report and stores answer counts that match the file', async () => {
      const started = process.hrtime.bigint();
      const res = await t.http().post(importUrl()).query(query).set('Content-Type', 'text/csv').send(text);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ created: 524, updated: 0 });
      console.log(
        `Imported 524 opening checklists (${rows.length * 16} answers) in ${ms.toFixed(0)} ms on ${t.settings.DB_TYPE}`,
      );

      // Counts taken straight from the file, through the same word mapping.
      const expected = new Map<string, number>();
      for (const r of rows) {
        for (const [code, headerName] of Object.entries(ALBANIA_OPENING_QUESTIONS)) {
          const cell = r[col(headerName)].trim();
          let value: string | null = ALBANIA_VALUES[cell.toLowerCase()] ?? cell;
          if (value === '') value = null;
          else if (NUMBER_QUESTIONS.has(code)) value = String(Number(value));
          const key = `${code}=${value}`;
          expected.set(key, (expected.get(key) ?? 0) + 1);
        }
      }
      const stored: { questionCode: string; value: string | null; n: string }[] = await t.dataSource
        .getRepository(EventAnswer)
        .createQueryBuilder('a')
        .select('a.questionCode', 'questionCode')
        .addSelect('a.value', 'value')
        .addSelect('COUNT(*)', 'n')
        .where('a.missionId = :missionId', { missionId })
        .groupBy('a.questionCode')
        .addGroupBy('a.value')
        .getRawMany();
      const actual = new Map(stored.map((s) => [`${s.questionCode}=${s.value}`, Number(s.n)]));
      expect(actual).toEqual(expected);
      // Spot checks against the README's reading of the file.
      expect(actual.get('secrecy_ensured=yes')).toBe(506);
      expect(actual.get('secrecy_ensured=no')).toBe(13);
      expect(actual.get('secrecy_ensured=null')).toBe(5);
      expect(actual.get('accessible_for_disabled_voters=partial')).toBe(151);

      const assessments: { a: string | null; n: string }[] = await t.dataSource
        .getRepository(ElectionEvent)
        .createQueryBuilder('e')
        .select('e.overallAssessment', 'a')
        .addSelect('COUNT(*)', 'n')
        .where('e.missionId = :missionId', { missionId })
        .groupBy('e.overallAssessment')
        .getRawMany();
      expect(Object.fromEntries(assessments.map((x) => [String(x.a), Number(x.n)]))).toEqual({
        very_good: 336,
        good: 166,
        bad: 7,
        very_bad: 1,
        null: 14,
      });

      const negatives = await t.dataSource
        .getRepository(EventAnswer)
        .countBy({ missionId, questionCode: 'ballot_box_sealed', negative: true });
      expect(negatives).toBe(1);
      const listed = await t.http().get(`/api/v1/missions/${missionId}/events`).query({ region: 'Tirane', limit: 1 });
      expect(listed.body.total).toBe(117);
      expect(listed.body.items[0]).toMatchObject({ type: 'station_visit', stage: 'opening' });
      expect(listed.body.items[0].answers.ballot_box_sealed).toBeDefined();
    });
  });

  describe('refuses a bad file as a whole, naming line and column, and stores nothing', () => {
    let m: number;
    beforeAll(async () => {
      m = await newMission('Import errors');
      await insertStation(t.dataSource, m, { constituencyCode: '1', code: '0001', registeredVoters: 100 });
      await insertStation(t.dataSource, m, { constituencyCode: '1', code: '0002', registeredVoters: 100 });
      await insertStation(t.dataSource, m, { constituencyCode: '2', code: '0002', registeredVoters: 100 });
      await insertObserver(t.dataSource, m, { accreditationNumber: 'ACC-1' });
    });
    const post = (csv: string, q: Record<string, string> = {}) =>
      t.http().post(importUrl(m)).query(q).set('Content-Type', 'text/csv').send(csv);

    it('lists every bad row with its line and column', async () => {
      const csv = [
        'constituency,station,stage,occurred_at,overall_assessment,voters_voted,observer,ballot_box_sealed,opened_on_time',
        '1,0001,opening,2024-02-07T08:00:00+04:00,good,10,ACC-1,yes,yes',
        '1,9999,opening,2024-02-07T08:00:00+04:00,good,,,yes,yes',
        '1,0001,opening,2024-02-07T08:00:00+04:00,good,,,maybe,yes',
        '1,0001,opening,2024-02-07T08:00:00+04:00,good,101,,yes,yes',
        '1,0001,lunch,2024-02-07T08:00:00+04:00,good,,,yes,yes',
        '1,0001,opening,yesterday,fine,,ACC-404,yes,yes',
        ',0002,opening,2024-02-07T08:00:00+04:00,good,,,yes,yes',
        '1,0001,voting,2024-02-07T12:00:00+04:00,good,,,,yes',
      ].join('\n');
      const res = await post(csv).expect(400);
      expect(res.body.errors).toEqual([
        { line: 3, column: 'station', message: expect.stringContaining('"9999"') },
        { line: 4, column: 'ballot_box_sealed', message: expect.stringContaining('yes or no') },
        { line: 5, column: 'voters_voted', message: expect.stringContaining('100 registered voters') },
        { line: 6, column: 'stage', message: expect.stringContaining('"lunch"') },
        { line: 7, column: 'occurred_at', message: expect.stringContaining('"yesterday"') },
        { line: 7, column: 'overall_assessment', message: expect.stringContaining('"fine"') },
        { line: 7, column: 'observer', message: expect.stringContaining('ACC-404') },
        { line: 8, column: 'station', message: expect.stringContaining('several constituencies') },
        {
          line: 9,
          column: 'opened_on_time',
          message: expect.stringContaining('not a question of the voting checklist'),
        },
      ]);
      expect(await countEvents(m)).toBe(0);
    });

    it('refuses a column that is neither a field nor a question, unless ?ignore= names it', async () => {
      const csv = 'station,stage,occurred_at,ballot_box_seald\n0001,opening,2024-02-07T08:00:00+04:00,yes\n';
      const res = await post(`constituency,${csv.replace('\n0001', '\n1,0001')}`).expect(400);
      expect(res.body.errors).toEqual([
        { line: 1, column: 'ballot_box_seald', message: expect.stringContaining('?ignore=') },
      ]);
      expect(await countEvents(m)).toBe(0);
      const ok = await post(`constituency,${csv.replace('\n0001', '\n1,0001')}`, { ignore: 'ballot_box_seald' }).expect(
        201,
      );
      expect(ok.body).toEqual({ created: 1, updated: 0 });
    });

    it.each([
      ['a values pair without colon', { values: 'po' }, 'values'],
      ['a mapping to an unknown field', { columns: 'colour:x' }, 'columns'],
      ['an unknown stage', { stage: 'lunch' }, 'stage'],
      // Without an offset it is mission time (test/mission-time.e2e-spec.ts); this is no date-time at all.
      ['an occurredAt that is not a date-time', { occurredAt: '2024-02-07 8am' }, 'occurredAt'],
    ])('refuses %s with 400 naming it', async (_label, q, field) => {
      const before = await countEvents(m);
      const res = await post('constituency,station\n1,0001\n', q).expect(400);
      expect(JSON.stringify(res.body)).toContain(field);
      expect(await countEvents(m)).toBe(before);
    });

    it('refuses a body that is not CSV', async () => {
      await t.http().post(importUrl(m)).send({ station: '0001' }).expect(400);
    });
  });

  describe('Idempotency-Key on the import', () => {
    it('answers a re-sent file from the first import and stores it once; another file with the key is 422', async () => {
      const m = await newMission('Import re-send');
      await insertStation(t.dataSource, m, { constituencyCode: '1', code: '0001' });
      const csv = 'station,stage,occurred_at,ballot_box_sealed\n0001,opening,2024-02-07T08:00:00+04:00,yes\n';
      const send = (body: string) =>
        t.http().post(importUrl(m)).set('Content-Type', 'text/csv').set('Idempotency-Key', 'import-1').send(body);
      const first = await send(csv).expect(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const again = await send(csv).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await countEvents(m)).toBe(1);
      const other = await send(csv.replace('yes', 'no')).expect(422);
      expect(other.body.message).toMatch(/Idempotency-Key reused with a different body/);
      expect(await countEvents(m)).toBe(1);
    });
  });
});
