import { UnprocessableEntityException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { IdempotencyContext } from '../src/common/idempotency/idempotency-context';
import { systemCaller } from '../src/common/request-context';
import { WriteSet } from '../src/database/write-set';
import { IdempotencyRecord } from '../src/common/idempotency/idempotency-record.entity';
import { IdempotencyService, IdempotentRequest } from '../src/common/idempotency/idempotency.service';
import { Mission } from '../src/missions/entities/mission.entity';
import { createTestApp, TestApp } from './app';
import { MISSION_ROW_COLUMNS, missionBody, missionRowValues } from './factories/mission.factory';

describe('IdempotencyService (e2e, real database)', () => {
  let t: TestApp;
  let service: IdempotencyService;
  let runs: number;

  beforeAll(async () => {
    t = await createTestApp();
    service = t.app.get(IdempotencyService);
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => {
    runs = 0;
  });

  const countMissions = (name: string) => t.dataSource.getRepository(Mission).countBy({ name });
  const createMission = (name: string) => async (em: EntityManager) => {
    runs++;
    const mission = await em.save(em.create(Mission, { ...missionBody({ name }), status: 'planned' }));
    return { id: mission.id, name: mission.name, createdAt: mission.createdAt };
  };
  const request = (key: string, body: unknown = { name: key }): IdempotentRequest => ({
    scope: '1 POST /api/v1/missions',
    key,
    requestBody: body,
  });

  it('runs the write once for 20 concurrent executions with the same key, and all get the same answer', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => service.execute(request('burst'), 201, createMission('burst'))),
    );
    expect(runs).toBe(1);
    expect(await countMissions('burst')).toBe(1);
    expect(new Set(outcomes.map((o) => o.body.id)).size).toBe(1);
    expect(outcomes.every((o) => o.status === 201)).toBe(true);
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    expect(await t.dataSource.getRepository(IdempotencyRecord).countBy({ key: 'burst' })).toBe(1);
  });

  it('replays the stored answer in its JSON form on a later re-send', async () => {
    const first = await service.execute(request('later'), 201, createMission('later'));
    const again = await service.execute(request('later'), 201, createMission('later'));
    expect(again).toEqual({ status: 201, body: JSON.parse(JSON.stringify(first.body)), replayed: true });
    expect(runs).toBe(1);
  });

  it('treats the same fields in another order as the same request', async () => {
    await service.execute(request('order', { a: 1, b: { c: 2, d: 3 } }), 201, createMission('order'));
    const again = await service.execute(request('order', { b: { d: 3, c: 2 }, a: 1 }), 201, createMission('order'));
    expect(again.replayed).toBe(true);
    expect(await countMissions('order')).toBe(1);
  });

  it('refuses the same key with another body (422) and stores nothing', async () => {
    await service.execute(request('reused', { name: 'one' }), 201, createMission('reused-1'));
    await expect(service.execute(request('reused', { name: 'two' }), 201, createMission('reused-2'))).rejects.toThrow(
      UnprocessableEntityException,
    );
    expect(await countMissions('reused-2')).toBe(0);
  });

  it('refuses another body concurrently with 422 too, while the twins of the first are replayed', async () => {
    const results = await Promise.allSettled([
      service.execute(request('mixed', { name: 'a' }), 201, createMission('mixed-a')),
      ...Array.from({ length: 5 }, () =>
        service.execute(request('mixed', { name: 'a' }), 201, createMission('mixed-a')),
      ),
      service.execute(request('mixed', { name: 'b' }), 201, createMission('mixed-b')),
    ]);
    const rejected = results.filter((r) => r.status === 'rejected');
    // Whichever body claimed the key first wins; every request with the other body is refused.
    const winner = (await countMissions('mixed-a')) === 1 ? 'a' : 'b';
    expect((await countMissions('mixed-a')) + (await countMissions('mixed-b'))).toBe(1);
    expect(rejected).toHaveLength(winner === 'a' ? 1 : 6);
    for (const r of rejected) expect(r.reason).toBeInstanceOf(UnprocessableEntityException);
  });

  it('keeps keys apart per scope: the same key of another user is another request', async () => {
    await service.execute(request('shared'), 201, createMission('scoped'));
    const other = await service.execute(
      { ...request('shared'), scope: '2 POST /api/v1/missions' },
      201,
      createMission('scoped'),
    );
    expect(other.replayed).toBe(false);
    expect(await countMissions('scoped')).toBe(2);
  });

  it('remembers nothing when the write fails, so a re-send runs it again', async () => {
    const failing = async (em: EntityManager) => {
      await createMission('fails')(em);
      throw new UnprocessableEntityException('refused');
    };
    await expect(service.execute(request('fails'), 201, failing)).rejects.toThrow('refused');
    expect(await countMissions('fails')).toBe(0);
    const retried = await service.execute(request('fails'), 201, createMission('fails'));
    expect(retried.replayed).toBe(false);
    expect(await countMissions('fails')).toBe(1);
  });

  it('ignores an expired record: the key is fresh again after 7 days', async () => {
    await service.execute(request('old'), 201, createMission('old'));
    await t.dataSource
      .getRepository(IdempotencyRecord)
      .update({ key: 'old' }, { expiresAt: new Date(Date.now() - 1000) });
    const again = await service.execute(request('old', { name: 'other body' }), 201, createMission('old'));
    expect(again.replayed).toBe(false);
    expect(await countMissions('old')).toBe(2);
    const record = await t.dataSource.getRepository(IdempotencyRecord).findOneByOrFail({ key: 'old' });
    expect(record.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
  });

  it('runs a plain transaction when there is no key', async () => {
    const outcome = await service.execute(null, 201, createMission('nokey'));
    expect(outcome.replayed).toBe(false);
    await service.execute(null, 201, createMission('nokey'));
    expect(await countMissions('nokey')).toBe(2);
  });

  describe('deferred writes (the stored answer read before the write runs)', () => {
    const MISSION_COLUMNS = ['id', ...MISSION_ROW_COLUMNS];
    /** What the write saw and did, per run. */
    let trail: string[];
    beforeEach(() => {
      trail = [];
    });

    /** Runs `task` as the service of an HTTP request with Idempotency-Key `key` would. */
    const deferred = <T>(key: string, task: (em: EntityManager, writes: WriteSet) => Promise<T>, body?: unknown) => {
      const caller = systemCaller('test', `t-${key}`);
      IdempotencyContext.begin(caller, request(key, body), () => undefined);
      return service.deferred(caller, 201, task);
    };

    /** Reads (rows in a given order, or none), then adds a mission named `name`. */
    const addMission =
      (name: string, { none = false } = {}) =>
      async (_em: EntityManager, writes: WriteSet) => {
        const rows = await writes.read<{ name: string }>(
          `SELECT "name" FROM "missions" WHERE ${none ? '1 = 0' : '"id" > $1'} ORDER BY "name" DESC, "id"`,
          none ? [] : [0],
        );
        const names = rows.map((r) => r.name);
        trail.push(`read ${names.length}`);
        const id = await writes.nextId('missions');
        writes.insert('missions', MISSION_COLUMNS, [id, ...missionRowValues(name)]);
        return { id, names };
      };

    it('answers a first request from the write, and replays it from one read of the key without running the write', async () => {
      const expected = (
        await t.dataSource.query(`SELECT "name" FROM "missions" WHERE "id" > 0 ORDER BY "name" DESC, "id"`)
      ).map((r: { name: string }) => r.name);
      const first = await deferred('d-first', addMission('d-first'));
      expect(first.names).toEqual(expected);
      expect(trail).toEqual([`read ${expected.length}`]);
      const run = jest.spyOn(
        WriteSet.prototype as unknown as { run: (sql: string, params: unknown[]) => unknown },
        'run',
      );
      let again: Awaited<typeof first>;
      let reads: string[];
      try {
        again = await deferred('d-first', addMission('d-first'));
      } finally {
        reads = run.mock.calls.map(([sql]) => String(sql));
        run.mockRestore();
      }
      // The key's stored answer is read first, as a statement of its own; it was found, so the
      // write never ran.
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatch(/^SELECT .* FROM "idempotency_records"/);
      expect(again).toEqual(JSON.parse(JSON.stringify(first)));
      expect(trail).toEqual([`read ${expected.length}`]);
      expect(await countMissions('d-first')).toBe(1);
    });

    it("replays when the write's read finds no row, and when the write makes no read at all", async () => {
      await deferred('d-none', addMission('d-none', { none: true }));
      const replayed = await deferred('d-none', addMission('d-none', { none: true }));
      expect(replayed.names).toEqual([]);
      expect(trail).toEqual(['read 0']);
      expect(await countMissions('d-none')).toBe(1);

      const noRead = (name: string) => async (_em: EntityManager, writes: WriteSet) => {
        trail.push('ran');
        const id = await writes.nextId('missions');
        writes.insert('missions', MISSION_COLUMNS, [id, ...missionRowValues(name)]);
        return { id };
      };
      const first = await deferred('d-noread', noRead('d-noread'));
      const again = await deferred('d-noread', noRead('d-noread'));
      expect(again).toEqual(first);
      expect(await countMissions('d-noread')).toBe(1); // the second run's row was dropped
    });

    it('refuses the key with another body (422) and stores nothing', async () => {
      await deferred('d-422', addMission('d-422'), { one: 1 });
      await expect(deferred('d-422', addMission('d-422-other'), { two: 2 })).rejects.toThrow(
        UnprocessableEntityException,
      );
      expect(await countMissions('d-422-other')).toBe(0);
    });

    it('replaces an expired record: the write runs again and the key answers it from then on', async () => {
      const first = await deferred('d-old', addMission('d-old'));
      await t.dataSource
        .getRepository(IdempotencyRecord)
        .update({ key: 'd-old' }, { expiresAt: new Date(Date.now() - 1000) });
      const fresh = await deferred('d-old', addMission('d-old'), { other: 'body' });
      expect(fresh.id).not.toBe(first.id);
      expect(await countMissions('d-old')).toBe(2);
      const records = await t.dataSource.getRepository(IdempotencyRecord).findBy({ key: 'd-old' });
      expect(records).toHaveLength(1);
      expect(records[0].expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
      expect((await deferred('d-old', addMission('d-old'), { other: 'body' })).id).toBe(fresh.id);
    });
  });
});
