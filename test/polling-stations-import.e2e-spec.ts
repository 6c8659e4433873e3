import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { ALBANIA_STATION_COLUMNS } from '../src/seed/albania-2017.sample';
import { ALBANIA_2017_STATIONS } from '../src/seed/sample-files';
import { AuditEntry } from '../src/audit/entities/audit-entry.entity';
import { PollingStation } from '../src/polling-stations/entities/polling-station.entity';
import { createTestApp, TestApp } from './app';
import { createMission } from './factories/mission.factory';

const HEADER = 'constituency,code,name,address,region,district,latitude,longitude,registered_voters,type,tags';

describe('Polling stations CSV import (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const newMission = (overrides: Parameters<typeof createMission>[1] = {}) => createMission(t, overrides);
  const stations = (missionId: number) => `/api/v1/missions/${missionId}/polling-stations`;
  const upload = (missionId: number, csv: string, query: Record<string, string> = {}) =>
    t
      .http()
      .post(`${stations(missionId)}/import`)
      .query(query)
      .set('Content-Type', 'text/csv')
      .send(csv);
  const count = async (missionId: number, query: Record<string, string> = {}) =>
    (await t.http().get(stations(missionId)).query(query).expect(200)).body.total as number;
  const byCode = (missionId: number, code: string) =>
    t.dataSource.getRepository(PollingStation).findOneByOrFail({ missionId, code });
  const importAudits = (missionId: number) =>
    t.dataSource.getRepository(AuditEntry).find({ where: { missionId, action: 'import' } });

  describe('the Albania 2017 station list (5,362 rows)', () => {
    const text = readFileSync(ALBANIA_2017_STATIONS, 'utf8');
    // Read with another CSV parser, so the expectations do not share the importer's reading.
    const rows: Record<string, string>[] = parse(text, { columns: true, bom: true, skip_empty_lines: true });
    let missionId: number;

    it('imports every station through the column mapping', async () => {
      missionId = await newMission({ hostCountry: 'AL' });
      const started = Date.now();
      const res = await upload(missionId, text, { columns: ALBANIA_STATION_COLUMNS }).expect(201);
      const elapsed = Date.now() - started;
      console.log(`Imported ${rows.length} Albanian stations over HTTP in ${elapsed} ms (${t.settings.DB_TYPE})`);
      expect(res.body).toEqual({ created: 5362, updated: 0, unchanged: 0 });
      expect(rows).toHaveLength(5362);
      expect(await count(missionId)).toBe(5362);
      // Speed is measured by the import benchmark (bench/), not asserted here: a timed test fails on
      // a busy machine without telling anything about the code.
      const audits = await importAudits(missionId);
      expect(audits).toHaveLength(1);
      expect(audits[0].changes).toMatchObject({ after: { mode: 'insert', rows: 5362, created: 5362 } });
    });

    it('stores the values of the file', async () => {
      for (const index of [0, 2, 1234, rows.length - 1]) {
        const row = rows[index];
        expect(await byCode(missionId, row.qvKod)).toMatchObject({
          constituencyCode: row.zaz,
          name: row.vendndodhja,
          address: row.njesiaAdministrative,
          region: row.qarku,
          district: row.bashkia,
          registeredVoters: Number(row.zgjedhes),
          type: 'regular',
          tags: [],
          latitude: null,
        });
      }
      // Leading zeros are part of a code, and "00021" is not "0002".
      expect((await byCode(missionId, '00021')).registeredVoters).toBe(541);
      const shkoder = rows.filter((r) => r.qarku === 'Shkoder').length;
      expect(await count(missionId, { region: 'Shkoder' })).toBe(shkoder);
      expect(await count(missionId, { constituency: 'ZAZ 90' })).toBe(rows.filter((r) => r.zaz === 'ZAZ 90').length);
    });

    it('refuses a second import in insert mode, reporting every row, and changes nothing', async () => {
      const res = await upload(missionId, text, { columns: ALBANIA_STATION_COLUMNS, mode: 'insert' }).expect(400);
      expect(res.body.message).toBe('5362 rows have errors (5362 errors; the first 1000 are listed)');
      expect(res.body.totalErrors).toBe(5362);
      expect(res.body.errors).toHaveLength(1000);
      expect(res.body.errors[0]).toEqual({
        line: 2,
        column: 'qvKod',
        message: expect.stringMatching(
          /constituency "ZAZ 1", code "0001" already exists in this mission .*mode=upsert/,
        ),
      });
      expect(await count(missionId)).toBe(5362);
      expect(await importAudits(missionId)).toHaveLength(1);
    });

    it('updates in upsert mode: changed rows only, the rest counted as unchanged', async () => {
      const changed = text
        .replace(
          'Shkoder,Malesi e Madhe,ZAZ 1,Gruemire,0001,"Boric I Madh, Shkolla Vrake",Publik,702,',
          'Shkoder,Malesi e Madhe,ZAZ 1,Gruemire,0001,"Boric I Madh, Shkolla Vrake",Publik,710,',
        )
        .replace('"Grili, Shkolla",Publik,544,', '"Grili, Shkolla (renamed)",Publik,544,');
      const before = await byCode(missionId, '0001');
      const res = await upload(missionId, changed, { columns: ALBANIA_STATION_COLUMNS, mode: 'upsert' }).expect(201);
      expect(res.body).toEqual({ created: 0, updated: 2, unchanged: 5360 });
      const after = await byCode(missionId, '0001');
      expect(after).toMatchObject({ id: before.id, registeredVoters: 710, version: before.version + 1 });
      expect((await byCode(missionId, '0002')).name).toBe('Grili, Shkolla (renamed)');
      expect((await byCode(missionId, '0003')).version).toBe(1);
      expect(await count(missionId)).toBe(5362);
    });
  });

  it('imports quoted fields, CRLF, tags and coordinates, and answers 201 with the counts', async () => {
    const missionId = await newMission();
    const csv = [
      HEADER,
      'ZAZ 1,0001,"School ""Naim Frasheri"", hall",Rruga 1,Tirane,Tirane,41.3275,19.8187,812,regular,webcam; urban',
      'ZAZ 1,0002,Hospital,,Tirane,,,,0,HOSPITAL,',
      'ZAZ 2,0001,"Two-line\r\nname",,Durres,,,,,,formerly-occupied',
      '',
    ].join('\r\n');
    const res = await upload(missionId, csv).expect(201);
    expect(res.body).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const list = (await t.http().get(stations(missionId)).expect(200)).body.items;
    expect(list[0]).toMatchObject({
      constituencyCode: 'ZAZ 1',
      code: '0001',
      name: 'School "Naim Frasheri", hall',
      latitude: 41.3275,
      longitude: 19.8187,
      registeredVoters: 812,
      tags: ['webcam', 'urban'],
    });
    expect(list[1]).toMatchObject({ type: 'hospital', registeredVoters: 0, address: null, tags: [] });
    expect(list[2]).toMatchObject({ name: 'Two-line\nname', tags: ['formerly-occupied'] });
    expect(await count(missionId, { tag: 'webcam' })).toBe(1);
  });

  it('reports every bad row with its line and column, and stores nothing', async () => {
    const missionId = await newMission();
    const csv = [
      'qvKod,Name,latitude,longitude,voters,type,constituency',
      '0001,Good,41.1,19.1,100,regular,Z1',
      '0002,Bad number,41.1,19.1,1O0,regular,Z1',
      '0003,Bad type,41.1,19.1,100,castle,Z1',
      '0001,Repeated,41.1,19.1,100,regular,Z1',
      '0004,"Bad ""coordinates""",95,-200,100,,Z1',
      ',No code,,,,,Z1',
      '0005,"Several, at once",abc,19.1,-3,castle,Z1',
      '0001,Same code other zone,,,,,Z2',
      '0006,Short row',
    ].join('\n');
    const res = await upload(missionId, csv, { columns: 'code:qvKod,registered_voters:voters' }).expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: '7 rows have errors',
      totalErrors: 10,
    });
    expect(res.body.errors).toEqual([
      { line: 3, column: 'voters', message: '"1O0" is not a whole number' },
      { line: 4, column: 'type', message: expect.stringMatching(/^"castle" is not one of: regular, special/) },
      { line: 5, column: 'qvKod', message: 'the station with constituency "Z1", code "0001" is already on line 2' },
      { line: 6, column: 'latitude', message: '95 is out of range: must be between -90 and 90' },
      { line: 6, column: 'longitude', message: '-200 is out of range: must be between -180 and 180' },
      { line: 7, column: 'qvKod', message: 'is required' },
      { line: 8, column: 'latitude', message: '"abc" is not a number (use a dot for decimals)' },
      { line: 8, column: 'voters', message: '-3 is out of range: must be between 0 and 2147483647' },
      { line: 8, column: 'type', message: expect.stringMatching(/^"castle" is not one of/) },
      { line: 10, column: null, message: 'has 2 cells but the header has 7' },
    ]);
    expect(await count(missionId)).toBe(0);
    expect(await importAudits(missionId)).toHaveLength(0);
  });

  it('in upsert mode changes only the columns the file has, and needs a name for new stations', async () => {
    const missionId = await newMission();
    await upload(missionId, `${HEADER}\nZ1,0001,School,Street,North,,41,19,100,special,webcam\n`).expect(201);
    const refused = await upload(missionId, 'constituency,code,registered_voters\nZ1,0001,150\nZ1,0002,90\n', {
      mode: 'upsert',
    }).expect(400);
    expect(refused.body.errors).toEqual([{ line: 3, column: 'name', message: 'is required for a new station' }]);
    expect((await byCode(missionId, '0001')).registeredVoters).toBe(100);

    const res = await upload(missionId, 'constituency,code,registered_voters\nZ1,0001,150\n', { mode: 'upsert' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(await byCode(missionId, '0001')).toMatchObject({
      name: 'School',
      address: 'Street',
      type: 'special',
      tags: ['webcam'],
      latitude: 41,
      registeredVoters: 150,
      version: 2,
    });
  });

  it.each([
    ['an unknown field in the mapping', 'code,name\n1,a\n', { columns: 'colour:c' }, /unknown field "colour"/],
    ['a mapping to a header the file lacks', 'code,name\n1,a\n', { columns: 'code:qvKod' }, /not in the file/],
    ['a file without a name column', 'code,region\n1,a\n', {}, /required column "name"/],
    ['an unknown mode', 'code,name\n1,a\n', { mode: 'merge' }, /mode/],
    ['an unknown query parameter', 'code,name\n1,a\n', { dryRun: 'true' }, /dryRun/],
    ['an unclosed quote', 'code,name\n1,"a\n', {}, /not valid CSV/],
  ])('refuses %s with 400 and stores nothing', async (_label, csv, query, message) => {
    const missionId = await newMission();
    const res = await upload(missionId, csv, query).expect(400);
    const said = [res.body.message, ...(res.body.errors ?? []).map((e: { message: string }) => e.message)].flat();
    expect(said.join('\n')).toMatch(message);
    expect(await count(missionId)).toBe(0);
  });

  it('accepts a file with a header and no rows as an empty list', async () => {
    const missionId = await newMission();
    const res = await upload(missionId, 'code,name\r\n').expect(201);
    expect(res.body).toEqual({ created: 0, updated: 0, unchanged: 0 });
  });

  it('refuses a body that is not CSV text (400)', async () => {
    const missionId = await newMission();
    const res = await t
      .http()
      .post(`${stations(missionId)}/import`)
      .send({ code: '1' })
      .expect(400);
    expect(res.body.message).toMatch(/text\/csv/);
  });

  it('answers 404 for a mission that does not exist and 409 for a closed one, storing nothing', async () => {
    await upload(999999, 'code,name\n1,a\n').expect(404);
    const missionId = await newMission();
    await t.http().patch(`/api/v1/missions/${missionId}`).send({ status: 'closed' }).expect(200);
    const res = await upload(missionId, 'code,name\n1,a\n').expect(409);
    expect(res.body.message).toMatch(/closed/);
    expect(await count(missionId)).toBe(0);
  });
});
