import fc from 'fast-check';
import type { Response } from 'supertest';
import { MAX_JSON_DEPTH } from '../src/common/http/json-depth';
import { createTestApp, DB_TYPE, TestApp } from './app';
import { missionBody } from './factories/mission.factory';
import { ApiRoute, apiRoutes, fillPath, numericParameters, routeKey } from './bad-input/api-routes';
import {
  BodyPath,
  fieldName,
  keyPaths,
  objectPaths,
  stringPaths,
  withKeyAt,
  withKeyRenamed,
  withValueAt,
} from './bad-input/body-paths';
import {
  anyUtf16Text,
  asSentInUtf8,
  deepBodyArbitrary,
  hasUnstorableText,
  nestedJson,
  numberAtLimits,
  numericTextAtLimits,
  PROTOTYPE_NAMES,
  prototypeName,
  unstorableText,
} from './bad-input/hostile-values';
import {
  incidentBody,
  QUESTION,
  readBackPath,
  SeededMission,
  seedMission,
  validBody,
  validFile,
  VISIT_STAGE,
} from './bad-input/seeded-mission';

/**
 * Property: whatever a client sends (random bodies, query strings, ids, headers, content types)
 * to any route, the answer is never a 5xx, a rejected request (4xx) changes nothing in the
 * database (every table's row count and sum of row versions are compared before and after), and
 * what a write answers is what a later read returns.
 *
 * Runs with a fixed seed, so `npm test` is repeatable; BAD_INPUT_SEED and BAD_INPUT_RUNS change
 * them (scripts/fuzz-bad-input.js runs it longer with a random seed). A failure prints the seed
 * and the path that reproduce it.
 */
const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 1000);
const SEED = Number(process.env.BAD_INPUT_SEED ?? 20);
/** Runs of each class property per route: the routes are many, the values of a class few. */
const CLASS_RUNS = Math.max(10, Math.round(RUNS / 25));
const settings = (numRuns: number) => ({ numRuns, seed: SEED });

type Family = {
  name: string;
  paths: (s: SeededMission, id: string) => string[];
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
/** An object with one key named like a member of Object.prototype (`__proto__` as an own key too). */
const prototypeKeyed = fc
  .tuple(prototypeName, fc.jsonValue({ maxDepth: 1 }))
  .map(([k, v]) => JSON.parse(`{${JSON.stringify(k)}:${JSON.stringify(v)}}`) as unknown);
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('', ' ', 'yes', 'closed', '2024-02-07', '2024-02-07T10:00:00+04:00', 'AZ', -1, 0, 1e308, true, null),
  fc.string({ maxLength: 40 }),
  numberAtLimits,
  unstorableText,
  prototypeKeyed,
);

function bodyFor(fields: string[]) {
  return fc.oneof(
    // Real field names with random values.
    fc.dictionary(fc.constantFrom(...fields), anyValue, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
    // A valid mission body with one field broken.
    fc
      .tuple(fc.constantFrom(...Object.keys(missionBody())), anyValue)
      .map(([k, v]) => JSON.stringify({ ...missionBody(), [k]: v })),
    // A valid mission body with a key named like a member of Object.prototype.
    fc
      .tuple(prototypeName, anyValue)
      .map(([k, v]) => `${JSON.stringify(missionBody()).slice(0, -1)},${JSON.stringify(k)}:${JSON.stringify(v)}}`),
    // Nested around and past the depth limit.
    deepBodyArbitrary(fc.integer({ min: MAX_JSON_DEPTH - 2, max: 4 * MAX_JSON_DEPTH }), fc.constantFrom(...fields)).map(
      (b) => b.text,
    ),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 80 }),
    // CSV-ish text, for the imports and for routes that do not expect it.
    fc
      .array(
        fc.array(fc.oneof(printable, unstorableText, fc.constantFrom('"', '""', ';', 'code', 'name', 'constituency')), {
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
      fc.oneof(fc.constantFrom(...fields, 'limit', 'offset', 'format', 'q', 'mode'), printable, prototypeName),
      fc.oneof(
        printable,
        numericTextAtLimits,
        unstorableText,
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

/** What the API refuses, as the test knows it: a 400 naming `field` (any field when null). */
function expectRefused(res: Response, field: string | null, context: string): void {
  const fields = ((res.body as { errors?: { field?: string }[] }).errors ?? []).map((e) => e.field);
  if (res.status !== 400 || (field !== null && !fields.includes(field))) {
    throw new Error(
      `${context}: expected 400 naming ${field ?? 'the input'}, got ${res.status} ${res.text.slice(0, 400)}`,
    );
  }
}

/** JSON with every object's keys in order: two answers are equal when this is. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const asCsv = (rows: string[][]) =>
  rows.map((r) => r.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(',')).join('\n') + '\n';

describe(`Bad input never breaks the tracker (e2e, fast-check, seed ${SEED}, ${RUNS} runs per route family)`, () => {
  let t: TestApp;
  let seeded: SeededMission;
  let routes: ApiRoute[];
  let fingerprintSql: string;
  let adminId: number;

  const fingerprint = async (): Promise<string> => JSON.stringify(await t.dataSource.query(fingerprintSql));
  const url = (route: ApiRoute, query = '') => `${fillPath(route.path, seeded.params)}${query ? `?${query}` : ''}`;
  async function reopenSeededMission(): Promise<void> {
    const { body } = await t.http().get(`/api/v1/missions/${seeded.missionId}`).expect(200);
    if (body.status === 'closed') {
      await t.http().patch(`/api/v1/missions/${seeded.missionId}`).send({ status: 'active' }).expect(200);
    }
  }

  /** A write's URL; the status route moves an incident once, so each of its writes gets a new incident. */
  const writeUrl = async (route: ApiRoute, query = '') => {
    if (!route.path.endsWith('/status')) return url(route, query);
    const incident = await t
      .http()
      .post(`/api/v1/missions/${seeded.missionId}/events`)
      .send(incidentBody(seeded.stationId))
      .expect(201);
    const params = { ...seeded.params, eventId: (incident.body as { id: number }).id };
    return `${fillPath(route.path, params)}${query ? `?${query}` : ''}`;
  };
  const send = (route: ApiRoute, path: string) => t.http()[route.method.toLowerCase() as 'post'](path);
  /** A valid body of `route` and one of its paths (the body is made in the run: its shape may vary). */
  const bodyAndPath = (route: ApiRoute, pathsOf: (body: unknown) => BodyPath[]) =>
    fc.nat().map((n) => {
      const body = validBody(route, seeded);
      const paths = pathsOf(body);
      return { body, path: paths[n % paths.length] };
    });
  const jsonRoutes = () => routes.filter((r) => r.body === 'json');
  const csvRoutes = () => routes.filter((r) => r.body === 'csv');
  const getRoutes = () => routes.filter((r) => r.method === 'GET' && r.path.startsWith('/api/'));

  /** A 2xx write must answer what a read then returns (issue 20, 4); a user's token is shown once only. */
  async function expectReadBack(method: string, path: string, res: Response): Promise<void> {
    if (method === 'GET' || method === 'DELETE' || res.status >= 300) return;
    const at = readBackPath(method, path, res.body);
    if (at === null) return;
    const read = await t.http().get(at);
    const { token: _token, ...answered } = res.body as Record<string, unknown>;
    if (read.status !== 200 || canonicalJson(read.body) !== canonicalJson(answered)) {
      throw new Error(
        `${method} ${path} answered ${res.status} ${canonicalJson(answered).slice(0, 800)}\n` +
          `but GET ${at} reads ${read.status} ${canonicalJson(read.body).slice(0, 800)}`,
      );
    }
  }

  beforeAll(async () => {
    t = await createTestApp();
    seeded = await seedMission(t);
    routes = await apiRoutes(t);
    adminId = ((await t.http().get('/api/v1/me').expect(200)).body as { id: number }).id;

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

  describe('numbers at their limits (issue 20, item 1)', () => {
    it('every numeric query parameter has a documented range', () => {
      const undocumented = routes.flatMap((r) =>
        numericParameters(r)
          .filter((p) => p.type !== 'integer' || p.minimum === undefined || p.maximum === undefined)
          .map((p) => `${routeKey(r)} ?${p.name} (${p.type} ${p.minimum ?? '-'}..${p.maximum ?? '-'})`),
      );
      expect(undocumented).toEqual([]);
      expect(routes.filter((r) => r.query.some((p) => p.name === 'offset')).length).toBeGreaterThanOrEqual(9);
    });

    it('on every route, a numeric query parameter outside its range, or not written in digits, is a 400 naming it; inside, it is taken', async () => {
      for (const route of routes.filter((r) => numericParameters(r).length > 0)) {
        await fc.assert(
          fc.asyncProperty(
            fc
              .constantFrom(...numericParameters(route))
              .chain((p) =>
                fc.tuple(
                  fc.constant(p),
                  fc.oneof(
                    numericTextAtLimits,
                    fc.constantFrom(p.minimum! - 1, p.maximum! + 1, p.minimum!, p.maximum!).map(String),
                    fc.integer({ min: p.minimum!, max: p.maximum! }).map(String),
                  ),
                ),
              ),
            async ([param, text]) => {
              const res = await send(route, url(route, new URLSearchParams({ [param.name]: text }).toString()));
              const n = Number(text);
              const taken = /^-?\d+$/.test(text) && n >= param.minimum! && n <= param.maximum!;
              const context = `${routeKey(route)} ?${param.name}=${text}`;
              if (!taken) return expectRefused(res, param.name, context);
              if (res.status !== 200) throw new Error(`${context}: expected 200, got ${res.status} ${res.text}`);
            },
          ),
          settings(CLASS_RUNS),
        );
      }
    });
  });

  describe('JSON nested too deep (issue 20, item 2)', () => {
    it(`every JSON route refuses a body nested deeper than ${MAX_JSON_DEPTH} levels with a 400 that says so`, async () => {
      for (const route of jsonRoutes()) {
        await fc.assert(
          fc.asyncProperty(
            deepBodyArbitrary(
              fc.integer({ min: MAX_JSON_DEPTH + 1, max: 5000 }),
              fc.constantFrom('title', 'answers', 'x'),
            ),
            async ({ depth, text }) => {
              const res = await send(route, url(route)).set('Content-Type', 'application/json').send(text);
              expectRefused(res, null, `${routeKey(route)} nested ${depth} deep`);
              expect(res.body.message).toContain(`deeper than ${MAX_JSON_DEPTH}`);
            },
          ),
          settings(CLASS_RUNS),
        );
      }
    });

    it(`a body nested ${MAX_JSON_DEPTH} levels deep is not refused for its depth`, async () => {
      for (const route of jsonRoutes()) {
        for (const kind of ['array', 'object'] as const) {
          const text = `{"x":${nestedJson(MAX_JSON_DEPTH - 1, '1', kind)}}`;
          const res = await send(route, url(route)).set('Content-Type', 'application/json').send(text);
          expect(res.status).toBeLessThan(500);
          expect(JSON.stringify(res.body)).not.toContain('deeper than');
        }
      }
    });

    it("a megabyte of brackets from an observer's token is refused by the depth scan, before it is parsed", async () => {
      const observer = await t.createUser('observer', { observerId: seeded.observerId });
      const body = `{"title":${'['.repeat(1_000_000)}`;
      const res = await t
        .as(observer.token)
        .post(`/api/v1/missions/${seeded.missionId}/events`)
        .set('Content-Type', 'application/json')
        .send(body);
      expectRefused(res, null, 'a 1 MB deep body');
      // Refused by the depth scan, before JSON.parse or anything recursive saw it (how long that
      // takes is the benchmarks' business, not a test's).
      expect(JSON.stringify(res.body)).toContain('deeper than');
    });
  });

  describe('text neither engine stores as sent (issue 20, items 3 and 4)', () => {
    it('every JSON route refuses U+0000 and lone surrogates in any string of a valid body, naming the field', async () => {
      for (const route of jsonRoutes()) {
        await fc.assert(
          fc.asyncProperty(bodyAndPath(route, stringPaths), unstorableText, async ({ body, path }, text) => {
            const sent = withValueAt(body, path, text);
            const res = await send(route, url(route)).send(sent);
            expectRefused(res, fieldName(path), `${routeKey(route)} ${fieldName(path)}=${JSON.stringify(text)}`);
          }),
          settings(CLASS_RUNS),
        );
      }
    });

    it('every JSON route refuses them in a key too', async () => {
      for (const route of jsonRoutes()) {
        await fc.assert(
          fc.asyncProperty(bodyAndPath(route, keyPaths), unstorableText, async ({ body, path }, text) => {
            const renamed = [...path.slice(0, -1), text];
            const res = await send(route, url(route)).send(withKeyRenamed(body, path, text));
            expectRefused(res, fieldName(renamed), `${routeKey(route)} key ${JSON.stringify(fieldName(renamed))}`);
          }),
          settings(CLASS_RUNS),
        );
      }
    });

    it('every GET route and CSV import refuses U+0000 in a query parameter, naming it', async () => {
      for (const route of [...getRoutes(), ...csvRoutes()]) {
        const names = route.query.map((p) => p.name);
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...names, 'q'), unstorableText, async (name, text) => {
            // Lone surrogates cannot be written in a URL (UTF-8 has none): U+0000 is what reaches the query.
            const value = text.replace(/[\ud800-\udfff]/g, '\u0000');
            const path = url(route, new URLSearchParams({ [name]: value }).toString());
            let req = send(route, path);
            if (route.body === 'csv') req = req.set('Content-Type', 'text/csv').send(asCsv(fileOf(route)));
            expectRefused(await req, name, `${routeKey(route)} ?${name}=${JSON.stringify(value)}`);
          }),
          settings(CLASS_RUNS),
        );
      }
    });

    const fileOf = (route: ApiRoute) => {
      const { header, row } = validFile(route);
      return [header, row];
    };

    it('every CSV import refuses them in any cell, naming its line and column', async () => {
      for (const route of csvRoutes()) {
        await fc.assert(
          fc.asyncProperty(fc.nat(), fc.boolean(), unstorableText, async (pick, inHeader, text) => {
            const [header, row] = fileOf(route);
            const column = pick % header.length;
            const cells = inHeader ? header : row;
            const named = header[column];
            // A file is sent as UTF-8, which has no lone surrogates: U+0000 is what reaches a cell.
            cells[column] = text.replace(/[\ud800-\udfff]/g, '\u0000');
            const res = await send(route, url(route))
              .set('Content-Type', 'text/csv')
              .send(asCsv([header, row]));
            const context = `${routeKey(route)} ${inHeader ? 'header' : 'row'} cell ${column}=${JSON.stringify(text)}`;
            expectRefused(res, null, context);
            const errors = (res.body as { errors: { line: number; column: string | null }[] }).errors;
            expect(errors).toContainEqual(
              expect.objectContaining({ line: inHeader ? 1 : 2, column: inHeader ? null : named }),
            );
          }),
          settings(CLASS_RUNS),
        );
      }
    });

    it('on every JSON write, any text in any string field is refused (400) or answered as a read returns it', async () => {
      for (const route of jsonRoutes()) {
        await fc.assert(
          fc.asyncProperty(bodyAndPath(route, stringPaths), anyUtf16Text, async ({ body, path }, text) => {
            const sent = withValueAt(body, path, text);
            const target = await writeUrl(route);
            const res = await send(route, target).send(sent);
            const context = `${routeKey(route)} ${fieldName(path)}=${JSON.stringify(text)}`;
            if (res.status >= 500) throw new Error(`${context}: ${res.status} ${res.text}`);
            if (hasUnstorableText(text)) expectRefused(res, fieldName(path), context);
            await expectReadBack(route.method, target, res);
          }),
          settings(CLASS_RUNS),
        );
      }
    });
  });

  describe('keys named like members of Object.prototype (issue 20, item 8)', () => {
    it('every JSON route refuses such a key in any object of a valid body, naming it, as any unknown key', async () => {
      for (const route of jsonRoutes()) {
        await fc.assert(
          fc.asyncProperty(bodyAndPath(route, objectPaths), prototypeName, async ({ body, path }, name) => {
            const res = await send(route, url(route)).send(withKeyAt(body, path, name, 'yes'));
            expectRefused(res, fieldName([...path, name]), `${routeKey(route)} key ${fieldName([...path, name])}`);
          }),
          settings(CLASS_RUNS),
        );
      }
    });

    it('every GET route refuses such a query parameter, naming it, as any unknown parameter', async () => {
      for (const route of getRoutes()) {
        await fc.assert(
          fc.asyncProperty(prototypeName, async (name) => {
            const res = await send(route, url(route, `${encodeURIComponent(name)}=1`));
            expectRefused(res, name, `${routeKey(route)} ?${name}=1`);
          }),
          settings(Math.min(CLASS_RUNS, 2 * PROTOTYPE_NAMES.length)),
        );
      }
    });

    it("a checklist question coded like one is refused, so no stage's visits can need an answer that is dropped", async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('constructor', 'prototype'), fc.nat({ max: 2 }), async (code, index) => {
          const questions = ['first', 'second'].map((c) => ({ code: c, text: c, type: 'yes_no', required: true }));
          questions.splice(index, 0, { code, text: 'Reserved?', type: 'yes_no', required: true });
          const res = await t.http().put(`/api/v1/missions/${seeded.missionId}/checklists/closing`).send({ questions });
          expectRefused(res, `questions.${index}.code`, `question coded ${code}`);
        }),
        settings(10),
      );
    });

    it("a visit's answer keyed like one is refused as an answer to no question is", async () => {
      await fc.assert(
        fc.asyncProperty(prototypeName, async (name) => {
          const res = await t
            .http()
            .post(`/api/v1/missions/${seeded.missionId}/events`)
            .send({
              type: 'station_visit',
              occurredAt: '2024-02-07T10:00:00+04:00',
              title: 'Visit',
              pollingStationId: seeded.stationId,
              stage: VISIT_STAGE,
              answers: { [QUESTION]: 'yes', [name]: 'yes' },
            });
          expectRefused(res, `answers.${name}`, `answers.${name}`);
        }),
        settings(2 * PROTOTYPE_NAMES.length),
      );
    });
  });

  describe('every documented field of every JSON route', () => {
    /** Values at the edges of every class, each tried in every field the document gives a body. */
    const EDGE_VALUES: unknown[] = [
      null,
      '',
      0,
      -1,
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 63,
      1e20,
      0.5,
      'a\u0000b',
      '\ud800',
      [],
      {},
    ];

    it('takes each edge value in each field, or refuses it, never a 5xx; a write reads back as answered', async () => {
      for (const route of jsonRoutes()) {
        expect(route.fields.length).toBeGreaterThan(0);
        for (const field of route.fields) {
          for (const value of EDGE_VALUES) {
            const target = await writeUrl(route);
            const res = await send(route, target).send({ ...validBody(route, seeded), [field]: value });
            const context = `${routeKey(route)} ${field}=${JSON.stringify(value)}`;
            if (res.status >= 500) throw new Error(`${context} -> ${res.status} ${res.text}`);
            if (typeof value === 'string' && hasUnstorableText(value)) expectRefused(res, field, context);
            await expectReadBack(route.method, target, res);
          }
        }
      }
    });
  });

  describe('fuzzing every route family', () => {
    it.each(FAMILIES.map((f) => [f.name, f]))(
      '%s: no 5xx, a rejected request changes nothing, a write reads back as answered',
      async (_name, f) => {
        const seededIds = [
          seeded.missionId,
          seeded.stationId,
          seeded.observerId,
          seeded.teamId,
          seeded.eventId,
          seeded.userId,
        ].map(String);
        const ids = fc.oneof(weirdId, fc.constantFrom(...seededIds));
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
              if (method === 'DELETE' && seededIds.includes(id)) return;
              // Nor may the admin revoke itself (PATCH active: false, a new token): every later run would be 401.
              if (method !== 'GET' && path.startsWith(`/users/${adminId}`)) return;
              const target = `/api/v1${path}${query ? `?${query}` : ''}`;
              const agent = who === 'admin' ? t.http() : who === 'bogus' ? t.as('eom_not-a-real-token') : t.anonymous();
              let req = agent[method.toLowerCase() as 'get'](target);
              if (contentType) req = req.set('Content-Type', contentType);
              if (idempotencyKey !== undefined) req = req.set('Idempotency-Key', idempotencyKey);
              const res = method === 'GET' ? await req : await req.send(body);
              if (res.status >= 500) {
                throw new Error(
                  `${method} ${target} (${contentType}) body=${body.slice(0, 200)} -> ${res.status} ${res.text.slice(0, 300)}`,
                );
              }
              // A GET that answered 2xx had nothing to write; a change it made anyway shows at the next rejection.
              if (method === 'GET' && res.status < 300) return;
              const [was, after] = [before, await fingerprint()];
              // Kept before any check throws: fast-check runs the property again to shrink a failure.
              before = after;
              if (res.status >= 400 && after !== was) {
                throw new Error(
                  `${method} ${target} was rejected with ${res.status} but changed the data:\n${was}\n${after}`,
                );
              }
              if (who === 'admin') await expectReadBack(method, target, res);
            },
          ),
          settings(RUNS),
        );
      },
    );

    /**
     * What must become of a broken body: refused naming a field (string), refused (null), or
     * anything but a 5xx (undefined).
     */
    type Refusal = string | null | undefined;

    /**
     * A valid body with one thing broken in it: reaches past validation, where random bodies
     * rarely go. `fields` are the ones the route's document gives, in the body or not.
     */
    function brokenBody(
      body: Record<string, unknown>,
      fields: string[],
    ): fc.Arbitrary<{ text: string; refused: Refusal }> {
      const leaves = [...stringPaths(body), ...keyPaths(body), ...fields.map((f) => [f])];
      return fc.oneof<fc.Arbitrary<{ text: string; refused: Refusal }>[]>(
        fc
          .tuple(fc.constantFrom(...leaves), fc.oneof(unstorableText, anyUtf16Text, numberAtLimits, anyValue))
          .map(([path, value]) => ({
            text: JSON.stringify(withValueAt(body, path, value)),
            refused: typeof value === 'string' && hasUnstorableText(value) ? fieldName(path) : undefined,
          })),
        fc.tuple(fc.constantFrom(...objectPaths(body)), prototypeName, anyValue).map(([path, name, value]) => ({
          text: JSON.stringify(withKeyAt(body, path, name, value)),
          refused: fieldName([...path, name]),
        })),
        fc.integer({ min: 1, max: 3 * MAX_JSON_DEPTH }).map((depth) => ({
          text: `${JSON.stringify(body).slice(0, -1)},"nested":${nestedJson(depth, '"x"')}}`,
          // Too deep or not, `nested` is refused: an unknown key, by the validation pipe, which a bad query may precede.
          refused: null,
        })),
      );
    }

    it('every JSON route and CSV import: a valid body or file with one hostile value is refused or read back as answered', async () => {
      const writable = routes.filter((r) => r.body !== null);
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...writable)
            .chain((route): fc.Arbitrary<{ route: ApiRoute; text: string; refused: Refusal; type: string }> =>
              route.body === 'json'
                ? brokenBody(validBody(route, seeded), route.fields).map((b) => ({
                    route,
                    ...b,
                    type: 'application/json',
                  }))
                : fc
                    .tuple(fc.nat(), fc.oneof(unstorableText, anyUtf16Text, numericTextAtLimits, printable))
                    .map(([pick, cell]) => {
                      const { header, row } = validFile(route);
                      row[pick % row.length] = cell;
                      return {
                        route,
                        text: asCsv([header, row]),
                        refused: hasUnstorableText(asSentInUtf8(cell)) ? null : undefined,
                        type: 'text/csv',
                      };
                    }),
            ),
          queryFor(['limit', 'offset', 'q', 'columns', 'mode']),
          async ({ route, text, refused, type }, query) => {
            const target = await writeUrl(route, query);
            const before = await fingerprint();
            const res = await send(route, target).set('Content-Type', type).send(text);
            const context = `${routeKey(route)} ?${query} ${text.slice(0, 300)}`;
            if (res.status >= 500) throw new Error(`${context} -> ${res.status} ${res.text.slice(0, 300)}`);
            // undefined: nothing in the body must be refused (the query or the rules may refuse it still).
            if (refused !== undefined) expectRefused(res, refused, context);
            const after = await fingerprint();
            if (res.status >= 400 && after !== before) {
              throw new Error(`${context} was rejected with ${res.status} but changed the data:\n${before}\n${after}`);
            }
            await expectReadBack(route.method, target, res);
            // A hostile status may have closed the seeded mission (or a random id been its id); the
            // runs after this one write into it.
            if (res.status < 300) await reopenSeededMission();
          },
        ),
        settings(RUNS),
      );
    });
  });
});
