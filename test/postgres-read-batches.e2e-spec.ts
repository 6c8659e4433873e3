import { DataSource, QueryFailedError } from 'typeorm';
import { ElectionEvent } from '../src/election-events/entities/election-event.entity';
import { namedStatementReader } from '../src/database/postgres/named-statements';
import { PostgresReadBatches } from '../src/database/postgres/read-batches';
import type { Reader } from '../src/database/write-set';
import { createTestApp, DB_TYPE, TestApp } from './app';
import { insertStation } from './factories/event.factory';
import { createMission } from './factories/mission.factory';

/**
 * PostgreSQL: the reads of concurrent deferred writes go as one statement per SQL text
 * (PostgresReadBatches). Each caller must get exactly what its own statement would have given.
 */
const describePostgres = DB_TYPE === 'postgres' ? describe : describe.skip;

describePostgres('PostgreSQL read batches (e2e)', () => {
  let t: TestApp;
  /** Reads as they run one by one: the reference every batched answer is compared with. */
  let alone: Reader;
  /** The SQL texts the batches sent, each a statement of its own. */
  let sent: string[];
  let batches: PostgresReadBatches;

  beforeAll(async () => {
    t = await createTestApp();
    alone = namedStatementReader(t.dataSource);
  });
  beforeEach(() => {
    sent = [];
    batches = new PostgresReadBatches(t.dataSource, (sql, params) => {
      sent.push(sql);
      return alone(sql, params);
    });
  });
  afterAll(async () => {
    await t.close();
  });

  /** Reads asked for in the same turn of the event loop, as concurrent requests' writes ask them. */
  const together = (sql: string, paramSets: unknown[][]) =>
    Promise.allSettled(paramSets.map((params) => batches.read(sql, params)));

  const values = <T>(results: PromiseSettledResult<T>[]) =>
    results.map((r) => {
      if (r.status === 'rejected') throw r.reason;
      return r.value;
    });

  it("answers each caller exactly its own statement's rows (none, one or several, in order), in one statement", async () => {
    const sql = 'SELECT g AS "n", $2::text || \'-\' || g AS "label" FROM generate_series(1, $1::int) AS g';
    const paramSets = [
      [0, 'a'],
      [1, 'b'],
      [3, 'c'],
      [2, null],
      [5, 'e'],
    ];
    const batched = values(await together(sql, paramSets));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/WITH ORDINALITY/);
    for (const [i, params] of paramSets.entries()) expect(batched[i]).toEqual(await alone(sql, params));
    expect(batched[2]).toEqual([
      { n: 1, label: 'c-1' },
      { n: 2, label: 'c-2' },
      { n: 3, label: 'c-3' },
    ]);
  });

  it("reads the tracker's tables with enum, timestamp and null parameters as the single statements do", async () => {
    const mission = await createMission(t, { name: 'batched-reads' });
    const station = await insertStation(t.dataSource, mission, { registeredVoters: 900 });
    const sql = `SELECT m."name" AS "name", m."status" AS "status", ps."code" AS "code", ps."registeredVoters" AS "voters"
      FROM "missions" m LEFT JOIN "polling_stations" ps ON ps."missionId" = m."id" AND ps."id" = $3
      WHERE m."id" = $1 AND m."status" = $2 AND m."createdAt" <= $4`;
    const later = new Date(Date.now() + 60_000);
    const paramSets = [
      [mission, 'planned', station.id, later],
      [mission, 'planned', null, later],
      [mission, 'closed', station.id, later],
      [mission + 100_000, 'planned', station.id, later],
      [mission, 'planned', station.id, new Date(0)],
    ];
    const batched = values(await together(sql, paramSets));
    expect(sent).toHaveLength(1);
    for (const [i, params] of paramSets.entries()) expect(batched[i]).toEqual(await alone(sql, params));
    expect(batched[0]).toEqual([{ name: 'batched-reads', status: 'planned', code: station.code, voters: 900 }]);
    expect(batched[1]).toEqual([{ name: 'batched-reads', status: 'planned', code: null, voters: null }]);
    expect(batched.slice(2).every((rows) => rows.length === 0)).toBe(true);
  });

  it('runs the reads one by one when the batch fails: only the caller whose parameters fail gets an error', async () => {
    const sql = 'SELECT $1::int * 2 AS "twice"';
    const results = await together(sql, [[1], ['not a number'], [3]]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[0] as PromiseFulfilledResult<unknown>).value).toEqual([{ twice: 2 }]);
    expect((results[2] as PromiseFulfilledResult<unknown>).value).toEqual([{ twice: 6 }]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(QueryFailedError);
    // The batch, then each read alone.
    expect(sent).toHaveLength(4);
  });

  it('runs alone the reads of a round in which a caller gives the wrong number of parameters', async () => {
    const results = await together('SELECT $1::int AS "n"', [[1], [2, 3]]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: [{ n: 1 }] });
    expect(results[1].status).toBe('rejected');
    expect(String((results[1] as PromiseRejectedResult).reason.message)).toMatch(/bind message supplies 2 parameters/);
  });

  it('fails each caller with its own error when the SQL itself is wrong, and batches the next round again', async () => {
    const results = await together('SELECT "nope" FROM "missions" WHERE "id" = $1', [[1], [2]]);
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof QueryFailedError)).toBe(true);
    sent = [];
    expect(values(await together('SELECT $1::int + 1 AS "n"', [[1], [2]]))).toEqual([[{ n: 2 }], [{ n: 3 }]]);
    expect(sent).toHaveLength(1);
  });

  it('leaves no probe behind on a connection whose probe failed: the next round is batched again', async () => {
    // One pooled connection, with a probe left on it as a probe failing halfway would leave it.
    const ds = await new DataSource({ ...t.dataSource.options, extra: { max: 1 } }).initialize();
    try {
      await ds.query('PREPARE "eom_batch_probe" AS SELECT 1');
      const sentHere: string[] = [];
      const single = namedStatementReader(ds);
      const own = new PostgresReadBatches(ds, (sql, params) => {
        sentHere.push(sql);
        return single(sql, params);
      });
      const round = () =>
        Promise.all([own.read('SELECT $1::int + 1 AS "n"', [1]), own.read('SELECT $1::int + 1 AS "n"', [2])]);
      expect(await round()).toEqual([[{ n: 2 }], [{ n: 3 }]]);
      expect(sentHere).toHaveLength(2); // the probe failed: each read alone
      expect(await ds.query(`SELECT "name" FROM pg_prepared_statements WHERE "name" = 'eom_batch_probe'`)).toEqual([]);
      sentHere.length = 0;
      expect(await round()).toEqual([[{ n: 2 }], [{ n: 3 }]]);
      expect(sentHere).toHaveLength(1);
    } finally {
      await ds.destroy();
    }
  });

  it('runs alone a read with no company in its round, one with ORDER BY, and one with an array parameter', async () => {
    expect(await batches.read('SELECT $1::int AS "n"', [7])).toEqual([{ n: 7 }]);
    expect(sent).toEqual(['SELECT $1::int AS "n"']);

    sent = [];
    const ordered = 'SELECT g AS "n" FROM generate_series(1, $1::int) AS g ORDER BY g DESC';
    expect(values(await together(ordered, [[2], [1]]))).toEqual([[{ n: 2 }, { n: 1 }], [{ n: 1 }]]);
    expect(sent).toEqual([ordered, ordered]);

    sent = [];
    const arrays = 'SELECT cardinality($1::int[]) AS "n"';
    expect(values(await together(arrays, [[[1, 2]], [[3]]]))).toEqual([[{ n: 2 }], [{ n: 1 }]]);
    expect(sent).toEqual([arrays, arrays]);
  });

  it('stores concurrent station visits by their own facts: stations, answers and bad ones refused alone', async () => {
    const mission = await createMission(t, { name: 'batched-visits' });
    const stations = await Promise.all(
      Array.from({ length: 6 }, (_, i) => insertStation(t.dataSource, mission, { registeredVoters: 100 * (i + 1) })),
    );
    await t
      .http()
      .put(`/api/v1/missions/${mission}/checklists/opening`)
      .send({ questions: [{ code: 'on_time', text: 'Opened on time?', type: 'yes_no', required: true }] })
      .expect(200);
    const visit = (stationId: number, votersVoted: number, onTime = 'yes') => ({
      type: 'station_visit',
      occurredAt: '2024-02-07T08:00:00+04:00',
      title: `Opening at ${stationId}`,
      pollingStationId: stationId,
      stage: 'opening',
      votersVoted,
      answers: { on_time: onTime },
    });
    const bodies = [
      ...stations.map((s, i) => visit(s.id, 50 * (i + 1))),
      visit(stations[0].id + 100_000, 10), // no such station
      visit(stations[0].id, 150), // more voters than the station's 100
      visit(stations[1].id, 10, 'maybe'), // not an answer to a yes/no question
    ];
    const responses = await Promise.all(
      bodies.map((body, i) =>
        t.http().post(`/api/v1/missions/${mission}/events`).set('Idempotency-Key', `batched-${i}`).send(body),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201, 400, 422, 400]);
    expect(JSON.stringify(responses[6].body)).toMatch(/pollingStationId/);
    expect(JSON.stringify(responses[7].body)).toMatch(/votersVoted: 150 exceeds the 100/);
    expect(JSON.stringify(responses[8].body)).toMatch(/answers\.on_time/);
    const stored = await t.dataSource
      .getRepository(ElectionEvent)
      .find({ where: { missionId: mission }, order: { id: 'ASC' } });
    expect(stored.map((e) => [e.pollingStationId, e.votersVoted]).sort()).toEqual(
      stations.map((s, i) => [s.id, 50 * (i + 1)]).sort(),
    );
    // Re-sent with their keys, all at once: each answered with its first answer, nothing stored twice.
    const again = await Promise.all(
      bodies
        .slice(0, 6)
        .map((body, i) =>
          t.http().post(`/api/v1/missions/${mission}/events`).set('Idempotency-Key', `batched-${i}`).send(body),
        ),
    );
    expect(again.map((r) => r.body.id)).toEqual(responses.slice(0, 6).map((r) => r.body.id));
    expect(await t.dataSource.getRepository(ElectionEvent).countBy({ missionId: mission })).toBe(6);
  });
});
