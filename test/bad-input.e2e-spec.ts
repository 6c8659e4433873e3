import fc from 'fast-check';
import { createTestApp, DB_TYPE, TestApp } from './app';
import { missionBody } from './factories/mission.factory';

/**
 * Property: whatever a client sends (random bodies, query strings, ids, headers, content types)
 * to any route family, the answer is never a 5xx, and a rejected request (4xx) changes nothing in
 * the database. Every table's row count and the sum of its row versions are compared before and
 * after each rejected request.
 */
const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 1000);

interface Seeded {
  missionId: number;
  stationId: number;
  observerId: number;
  teamId: number;
  eventId: number;
  userId: number;
}

type Family = {
  name: string;
  paths: (s: Seeded, id: string) => string[];
  /** Field names worth mutating: random values under real names reach deeper than random names. */
  fields: string[];
};

const STAGES = ['opening', 'voting', 'closing', 'counting', 'tabulation'];

const FAMILIES: Family[] = [
  {
    name: 'missions',
    paths: (s, id) => ['/missions', `/missions/${id}`],
    fields: Object.keys(missionBody()).concat(['status', 'version', 'q', 'limit', 'offset']),
  },
  {
    name: 'observers',
    paths: (s, id) => [
      `/missions/${s.missionId}/observers`,
      `/missions/${s.missionId}/observers/${id}`,
      `/missions/${id}/observers`,
    ],
    fields: [
      'fullName',
      'role',
      'nationality',
      'gender',
      'languages',
      'teamId',
      'accreditationStatus',
      'accreditationNumber',
      'email',
      'dateOfBirth',
      'version',
    ],
  },
  {
    name: 'teams',
    paths: (s, id) => [`/missions/${s.missionId}/teams`, `/missions/${s.missionId}/teams/${id}`],
    fields: ['code', 'area', 'memberIds', 'version'],
  },
  {
    name: 'stations',
    paths: (s, id) => [`/missions/${s.missionId}/polling-stations`, `/missions/${s.missionId}/polling-stations/${id}`],
    fields: [
      'constituencyCode',
      'code',
      'name',
      'region',
      'latitude',
      'longitude',
      'registeredVoters',
      'type',
      'tags',
      'tag',
      'constituency',
      'q',
    ],
  },
  {
    name: 'imports',
    paths: (s, id) => [
      `/missions/${s.missionId}/polling-stations/import`,
      `/missions/${s.missionId}/observers/import`,
      `/missions/${s.missionId}/events/import`,
      `/missions/${id}/polling-stations/import`,
    ],
    fields: ['mode', 'columns', 'values'],
  },
  {
    name: 'checklists',
    paths: (s, id) => [
      `/missions/${s.missionId}/checklists`,
      ...STAGES.map((st) => `/missions/${s.missionId}/checklists/${st}`),
      `/missions/${s.missionId}/checklists/${id}`,
    ],
    fields: ['stage', 'questions', 'code', 'text', 'type', 'options', 'required', 'negativeAnswers'],
  },
  {
    name: 'deployments',
    paths: (s, id) => [`/missions/${s.missionId}/deployments`, `/missions/${s.missionId}/deployments/${id}`],
    fields: ['teamId', 'observerId', 'pollingStationId', 'stages', 'startsAt', 'endsAt', 'status', 'version'],
  },
  {
    name: 'events',
    paths: (s, id) => [
      `/missions/${s.missionId}/events`,
      `/missions/${s.missionId}/events/${id}`,
      `/missions/${s.missionId}/events/${id}/status`,
      `/missions/${s.missionId}/events/${s.eventId}/status`,
    ],
    fields: [
      'type',
      'occurredAt',
      'title',
      'pollingStationId',
      'stage',
      'overallAssessment',
      'votersVoted',
      'answers',
      'category',
      'severity',
      'status',
      'observerIds',
      'from',
      'to',
    ],
  },
  {
    name: 'summary',
    paths: (s, id) => [`/missions/${s.missionId}/summary`, `/missions/${id}/summary`],
    fields: ['format'],
  },
  {
    name: 'users',
    paths: (s, id) => ['/users', `/users/${id}`, `/users/${id}/token`],
    fields: ['name', 'role', 'missionIds', 'observerId'],
  },
  {
    name: 'audit',
    paths: (s, id) => [`/missions/${s.missionId}/audit`, `/missions/${id}/audit`],
    fields: ['entityType', 'entityId', 'action', 'limit', 'offset', 'from', 'to'],
  },
];

const printable = fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));
const weirdId = fc.oneof(
  fc.integer({ min: -5, max: 30 }).map(String),
  fc.constantFrom(
    '0',
    '-1',
    '1.5',
    '1e3',
    '9999999999999999999',
    '2147483648',
    'abc',
    '%20',
    '%',
    'null',
    '[]',
    '1;DROP',
  ),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('', ' ', 'yes', 'closed', '2024-02-07', '2024-02-07T10:00:00+04:00', 'AZ', -1, 0, 1e308, true, null),
  fc.string({ maxLength: 40 }),
);

function bodyFor(fields: string[]) {
  return fc.oneof(
    // Real field names with random values.
    fc.dictionary(fc.constantFrom(...fields), anyValue, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
    // A valid mission body with one field broken.
    fc
      .tuple(fc.constantFrom(...Object.keys(missionBody())), anyValue)
      .map(([k, v]) => JSON.stringify({ ...missionBody(), [k]: v })),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 80 }),
    // CSV-ish text, for the imports and for routes that do not expect it.
    fc
      .array(
        fc.array(fc.oneof(printable, fc.constantFrom('"', '""', ';', 'code', 'name', 'constituency')), {
          maxLength: 6,
        }),
        { maxLength: 5 },
      )
      .map((rows) => rows.map((r) => r.join(',')).join('\n')),
  );
}

function queryFor(fields: string[]) {
  return fc
    .dictionary(
      fc.oneof(fc.constantFrom(...fields, 'limit', 'offset', 'format', 'q', 'mode'), printable),
      fc.oneof(
        printable,
        fc.constantFrom('-1', '0', '501', 'md', 'html', 'csv', 'json', 'xml', 'insert', 'upsert', 'a[b]=c'),
      ),
      { maxKeys: 4 },
    )
    .map((q) => new URLSearchParams(Object.entries(q).filter(([k]) => k !== '')).toString());
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/csv',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  '',
  'garbage',
];

describe(`Bad input never breaks the tracker (e2e, fast-check, ${RUNS} runs per route family)`, () => {
  let t: TestApp;
  let seeded: Seeded;
  let fingerprintSql: string;

  const fingerprint = async (): Promise<string> => JSON.stringify(await t.dataSource.query(fingerprintSql));

  beforeAll(async () => {
    t = await createTestApp();
    const mission = await t
      .http()
      .post('/api/v1/missions')
      .send(missionBody({ status: 'active' } as never))
      .expect(201);
    const m = mission.body.id;
    const station = await t
      .http()
      .post(`/api/v1/missions/${m}/polling-stations`)
      .send({
        constituencyCode: '01',
        code: '001',
        name: 'School No. 1',
        region: 'Baku',
        registeredVoters: 900,
        type: 'regular',
      })
      .expect(201);
    const team = await t.http().post(`/api/v1/missions/${m}/teams`).send({ code: 'T01', area: 'Baku' }).expect(201);
    const observer = await t
      .http()
      .post(`/api/v1/missions/${m}/observers`)
      .send({ fullName: 'Ayşe Demir', role: 'sto', nationality: 'TR', gender: 'female' })
      .expect(201);
    const event = await t
      .http()
      .post(`/api/v1/missions/${m}/events`)
      .send({
        type: 'incident',
        occurredAt: '2024-02-07T10:00:00+04:00',
        title: 'Queue',
        category: 'procedural',
        severity: 'low',
        pollingStationId: station.body.id,
      })
      .expect(201);
    const user = await t.createUser('coordinator', { missionIds: [m] });
    seeded = {
      missionId: m,
      stationId: station.body.id,
      teamId: team.body.id,
      observerId: observer.body.id,
      eventId: event.body.id,
      userId: user.id,
    };

    const tables: { name: string }[] =
      DB_TYPE === 'postgres'
        ? await t.dataSource.query(
            `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
          )
        : await t.dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
    const parts: string[] = [];
    for (const { name } of tables) {
      const hasVersion = t.dataSource.entityMetadatas.some((e) => e.tableName === name && e.versionColumn);
      parts.push(
        `SELECT '${name}' AS t, COUNT(*) AS n, ${hasVersion ? 'COALESCE(SUM("version"), 0)' : '0'} AS v FROM "${name}"`,
      );
    }
    fingerprintSql = `${parts.join(' UNION ALL ')} ORDER BY 1`;
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(FAMILIES.map((f) => [f.name, f]))(
    '%s: no 5xx, and a rejected request changes nothing',
    async (_name, family) => {
      const f = family;
      const ids = fc.oneof(weirdId, fc.constantFrom(...Object.values(seeded).map(String)));
      let before = await fingerprint();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('GET', 'POST', 'PATCH', 'PUT', 'DELETE'),
          ids.chain((id) => fc.constantFrom(...f.paths(seeded, id)).map((path) => ({ path, id }))),
          queryFor(f.fields),
          bodyFor(f.fields),
          fc.constantFrom(...CONTENT_TYPES),
          fc.oneof(fc.constant(undefined), printable),
          fc.constantFrom('admin', 'admin', 'admin', 'admin', 'none', 'bogus'),
          async (method, { path, id }, query, body, contentType, idempotencyKey, who) => {
            // Deleting the seeded mission (or its rows) would only make later runs 404: random ids only.
            if (method === 'DELETE' && Object.values(seeded).map(String).includes(id)) return;
            const url = `/api/v1${path}${query ? `?${query}` : ''}`;
            const agent = who === 'admin' ? t.http() : who === 'bogus' ? t.as('eom_not-a-real-token') : t.anonymous();
            let req = agent[method.toLowerCase() as 'get'](url);
            if (contentType) req = req.set('Content-Type', contentType);
            if (idempotencyKey !== undefined) req = req.set('Idempotency-Key', idempotencyKey);
            const res = method === 'GET' ? await req : await req.send(body);
            if (res.status >= 500) {
              throw new Error(
                `${method} ${url} (${contentType}) body=${body.slice(0, 200)} -> ${res.status} ${res.text.slice(0, 300)}`,
              );
            }
            // A GET that answered 2xx had nothing to write; a change it made anyway shows at the next rejection.
            if (method === 'GET' && res.status < 300) return;
            const after = await fingerprint();
            if (res.status >= 400 && after !== before) {
              throw new Error(
                `${method} ${url} was rejected with ${res.status} but changed the data:\n${before}\n${after}`,
              );
            }
            before = after;
          },
        ),
        { numRuns: RUNS, seed: process.env.BAD_INPUT_SEED ? Number(process.env.BAD_INPUT_SEED) : undefined },
      );
    },
  );
});
