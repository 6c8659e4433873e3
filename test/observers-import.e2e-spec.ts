import { AuditEntry } from '../src/audit/entities/audit-entry.entity';
import { createTestApp, TestApp } from './app';
import { createMission } from './factories/mission.factory';
import { observerBody } from './factories/observer.factory';
import { teamBody } from './factories/team.factory';

const HEADER =
  'full_name,role,nationality,gender,languages,seconding_organization,team,accreditation_status,' +
  'accreditation_number,email,phone,document_number,date_of_birth';

describe('Observers CSV import (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const newMission = (overrides: Parameters<typeof createMission>[1] = {}) => createMission(t, overrides);
  const observers = (missionId: number) => `/api/v1/missions/${missionId}/observers`;
  const upload = (missionId: number, csv: string, query: Record<string, string> = {}) =>
    t
      .http()
      .post(`${observers(missionId)}/import`)
      .query(query)
      .set('Content-Type', 'text/csv')
      .send(csv);
  const list = async (missionId: number) =>
    (await t.http().get(observers(missionId)).query({ limit: 500 }).expect(200)).body;
  const importAudits = (missionId: number) =>
    t.dataSource.getRepository(AuditEntry).find({ where: { missionId, action: 'import' } });

  it('creates every row in one go, with languages, team and one audit entry for the import', async () => {
    const missionId = await newMission({ hostCountry: 'AZ' });
    const team = (
      await t
        .http()
        .post(`/api/v1/missions/${missionId}/teams`)
        .send(teamBody({ code: 'LTO-01' }))
    ).body;
    const csv = [
      HEADER,
      'Aigerim Sadykova,lto,kz,female,kk; ru ;en,Parliament of Kazakhstan,LTO-01,accredited,CEC-1,a.s@example.org,+7 701 555 0153,N123,1978-05-21',
      '"Yilmaz, Bora",STO,TR,male,tr,,,pending,CEC-2,,,,',
      'Nodira Karimova,sto,UZ,,,,,,,,,,',
    ].join('\r\n');
    const res = await upload(missionId, csv).expect(201);
    expect(res.body).toEqual({ created: 3, updated: 0 });

    const page = await list(missionId);
    expect(page.total).toBe(3);
    const byName = Object.fromEntries(page.items.map((o: { fullName: string }) => [o.fullName, o]));
    expect(byName['Aigerim Sadykova']).toMatchObject({
      role: 'lto',
      nationality: 'KZ',
      languages: ['kk', 'ru', 'en'],
      teamId: team.id,
      accreditationStatus: 'accredited',
      accreditationNumber: 'CEC-1',
      email: 'a.s@example.org',
      dateOfBirth: '1978-05-21',
      version: 1,
    });
    expect(byName['Yilmaz, Bora']).toMatchObject({ role: 'sto', teamId: null, secondingOrganization: null });
    expect(byName['Nodira Karimova']).toMatchObject({
      gender: 'undisclosed',
      accreditationStatus: 'pending',
      accreditationNumber: null,
      languages: [],
    });
    const teamNow = (await t.http().get(`/api/v1/missions/${missionId}/teams/${team.id}`)).body;
    expect(teamNow.memberIds).toEqual([byName['Aigerim Sadykova'].id]);

    const audits = await importAudits(missionId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ entityType: 'observer', entityId: null });
    expect(audits[0].changes?.after).toMatchObject({ created: 3, updated: 0 });
    const perRow = await t.dataSource
      .getRepository(AuditEntry)
      .count({ where: { missionId, entityType: 'observer', action: 'create' } });
    expect(perRow).toBe(0);
  });

  it("maps the file's own headers with ?columns=", async () => {
    const missionId = await newMission();
    const csv = 'Name;x,Country,role\n"Anna K;x",de,sto\n';
    const res = await upload(missionId, csv.replace('Name;x', 'Name'), {
      columns: 'full_name:Name,nationality:Country',
    }).expect(201);
    expect(res.body).toEqual({ created: 1, updated: 0 });
    expect((await list(missionId)).items[0]).toMatchObject({ fullName: 'Anna K;x', nationality: 'DE' });
  });

  it('rejects a file with several bad rows, listing every one with line and column, and stores nothing', async () => {
    const missionId = await newMission({ hostCountry: 'AZ' });
    await t
      .http()
      .post(`/api/v1/missions/${missionId}/teams`)
      .send(teamBody({ code: 'T1' }))
      .expect(201);
    const other = await newMission();
    await t
      .http()
      .post(`/api/v1/missions/${other}/teams`)
      .send(teamBody({ code: 'ELSEWHERE' }))
      .expect(201);
    const csv = [
      HEADER, // line 1
      'Good Row,sto,KZ,female,kk,"Org, with comma',
      'and a line break",T1,accredited,A-1,,,,', // the quoted field runs on to line 3
      'Bad Role,tourist,KZ,,,,,,A-2,,,,', // line 4
      'Bad Country,sto,XX,,,,,,A-3,,,,', // line 5
      '', // line 6: blank, skipped
      'Bad Team,sto,TR,,,,ELSEWHERE,,A-4,,,,', // line 7
      'Repeat,sto,TR,,,,,,A-1,not-an-email,,,2999-01-01', // line 8: three errors
      ',sto,TR,,,,,,A-9,,,,', // line 9: no name
      'Short Row,sto,TR', // line 10
    ].join('\n');
    const res = await upload(missionId, csv).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: '6 rows have errors' });
    expect(res.body.errors).toEqual([
      { line: 4, column: 'role', message: expect.stringContaining('"tourist" is not one of') },
      { line: 5, column: 'nationality', message: '"XX" is not an ISO 3166-1 alpha-2 country code' },
      { line: 7, column: 'team', message: 'team "ELSEWHERE" does not exist in this mission' },
      { line: 8, column: 'email', message: '"not-an-email" is not an e-mail address' },
      { line: 8, column: 'date_of_birth', message: '2999-01-01 is not a date in the past' },
      { line: 8, column: 'accreditation_number', message: '"A-1" repeats line 2' },
      { line: 9, column: 'full_name', message: 'is required for a new observer' },
      { line: 10, column: null, message: 'has 3 cells but the header has 13' },
    ]);
    expect((await list(missionId)).total).toBe(0);
    expect(await importAudits(missionId)).toHaveLength(0);
  });

  it('refuses host-country nationals with 422 (code of conduct), naming line and column; nothing stored', async () => {
    const missionId = await newMission({ hostCountry: 'AZ' });
    const csv = 'full_name,role,nationality\nFine,sto,KZ\nLocal,sto,az\nAlso Local,lto,AZ\n';
    const res = await upload(missionId, csv).expect(422);
    expect(res.body.message).toMatch(/code of conduct/i);
    expect(res.body.errors).toEqual([
      { line: 3, column: 'nationality', message: expect.stringMatching(/code of conduct.*host country/i) },
      { line: 4, column: 'nationality', message: expect.stringMatching(/code of conduct/i) },
    ]);
    expect((await list(missionId)).total).toBe(0);
  });

  it('answers 400 when code-of-conduct breaches come with malformed rows, listing both', async () => {
    const missionId = await newMission({ hostCountry: 'AZ' });
    const res = await upload(missionId, 'full_name,role,nationality\nLocal,sto,AZ\nOdd,tourist,KZ\n').expect(400);
    expect(res.body.errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual([
      [2, 'nationality'],
      [3, 'role'],
    ]);
    expect((await list(missionId)).total).toBe(0);
  });

  it('in insert mode refuses a row whose accreditation number the mission already has', async () => {
    const missionId = await newMission();
    const existing = (
      await t
        .http()
        .post(observers(missionId))
        .send(observerBody({ accreditationNumber: 'X-1' }))
    ).body;
    const csv = 'full_name,role,nationality,accreditation_number\nNew One,sto,KZ,X-2\nDup,sto,KZ,X-1\n';
    const res = await upload(missionId, csv, { mode: 'insert' }).expect(400);
    expect(res.body.errors).toEqual([
      {
        line: 3,
        column: 'accreditation_number',
        message: `"X-1" is already held by observer ${existing.id} in this mission (use ?mode=upsert to update it)`,
      },
    ]);
    expect((await list(missionId)).total).toBe(1);
  });

  it('in upsert mode updates the observer with the same accreditation number and creates the rest', async () => {
    const missionId = await newMission();
    const team = (
      await t
        .http()
        .post(`/api/v1/missions/${missionId}/teams`)
        .send(teamBody({ code: 'B-2' }))
    ).body;
    const existing = (
      await t
        .http()
        .post(observers(missionId))
        .send(observerBody({ accreditationNumber: 'U-1', accreditationStatus: 'pending', phone: '+1 555 0100' }))
    ).body;
    const csv = [
      'accreditation_number,accreditation_status,team,phone,full_name,role,nationality',
      'U-1,accredited,B-2,,,,', // empty phone clears it; empty name/role/nationality leave them
      'U-2,pending,,,Brand New,sto,GE',
    ].join('\n');
    const res = await upload(missionId, csv, { mode: 'upsert' }).expect(201);
    expect(res.body).toEqual({ created: 1, updated: 1 });
    const updated = (
      await t
        .http()
        .get(`${observers(missionId)}/${existing.id}`)
        .expect(200)
    ).body;
    expect(updated).toMatchObject({
      accreditationStatus: 'accredited',
      teamId: team.id,
      phone: null,
      fullName: existing.fullName,
      email: existing.email, // no email column: left alone
      version: 2,
    });
    expect((await list(missionId)).total).toBe(2);
  });

  it('in upsert mode needs the accreditation_number column and the required fields of new rows', async () => {
    const missionId = await newMission();
    const noKey = await upload(missionId, 'full_name,role,nationality\nA,sto,KZ\n', { mode: 'upsert' }).expect(400);
    expect(noKey.body.errors[0]).toMatchObject({ line: 1, column: 'accreditation_number' });
    const res = await upload(missionId, 'accreditation_number,full_name\nN-1,Somebody\n', { mode: 'upsert' }).expect(
      400,
    );
    expect(res.body.errors).toEqual([
      { line: 2, column: 'role', message: 'is required for a new observer' },
      { line: 2, column: 'nationality', message: 'is required for a new observer' },
    ]);
    expect((await list(missionId)).total).toBe(0);
  });

  it('refuses a bad request before reading rows: mode, mapping, missing columns, body type', async () => {
    const missionId = await newMission();
    await upload(missionId, `${HEADER}\n`, { mode: 'replace' }).expect(400);
    const mapping = await upload(missionId, 'a,b\n', { columns: 'shoe_size:a' }).expect(400);
    expect(JSON.stringify(mapping.body.message)).toContain('columns');
    const missing = await upload(missionId, 'full_name,role\nA,sto\n').expect(400);
    expect(missing.body.errors).toEqual([
      { line: 1, column: 'nationality', message: expect.stringContaining('required column "nationality"') },
    ]);
    await t
      .http()
      .post(`${observers(missionId)}/import`)
      .send({ rows: [] })
      .expect(400);
    await upload(missionId, '').expect(400);
    expect((await list(missionId)).total).toBe(0);
  });

  it('answers 404 for an unknown mission and 409 for a closed one, storing nothing', async () => {
    await upload(999999, 'full_name,role,nationality\nA,sto,KZ\n').expect(404);
    const missionId = await newMission();
    await t.http().patch(`/api/v1/missions/${missionId}`).send({ status: 'closed' }).expect(200);
    const res = await upload(missionId, 'full_name,role,nationality\nA,sto,KZ\n').expect(409);
    expect(res.body.message).toMatch(/closed/);
    expect((await list(missionId)).total).toBe(0);
  });

  it('imports more rows than one batch holds', async () => {
    const missionId = await newMission();
    const rows = Array.from({ length: 1200 }, (_, i) => `Observer ${i},sto,KZ,BIG-${i}`);
    const res = await upload(missionId, ['full_name,role,nationality,accreditation_number', ...rows].join('\n')).expect(
      201,
    );
    expect(res.body).toEqual({ created: 1200, updated: 0 });
    expect((await list(missionId)).total).toBe(1200);
    const again = await upload(
      missionId,
      ['accreditation_number,role', ...rows.map((_, i) => `BIG-${i},lto`)].join('\n'),
      {
        mode: 'upsert',
      },
    ).expect(201);
    expect(again.body).toEqual({ created: 0, updated: 1200 });
    const ltos = await t.http().get(observers(missionId)).query({ role: 'lto', limit: 1 }).expect(200);
    expect(ltos.body.total).toBe(1200);
  });
});
