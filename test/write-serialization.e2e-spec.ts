import { DatabaseWriter } from '../src/database/database-writer.service';
import { Mission } from '../src/missions/entities/mission.entity';
import { createTestApp, TestApp } from './app';
import { missionBody } from './factories/mission.factory';

/**
 * TypeORM shares one SQLite connection: without the serialized writer, a failing transaction's
 * ROLLBACK would also undo writes of transactions that interleaved with it.
 */
describe('Serialized writes (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps exactly the committed writes among 200 concurrent transactions, half of which fail', async () => {
    const writer = t.app.get(DatabaseWriter);
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        writer.transaction(async (em) => {
          await em.insert(Mission, { ...missionBody({ name: `concurrent-${i}` }), status: 'planned' });
          // Give the other transactions every chance to interleave before this one decides.
          await new Promise((r) => setImmediate(r));
          await em.query('SELECT 1');
          if (i % 2 === 1) throw new Error(`deliberate failure ${i}`);
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(100);
    const stored = await t.dataSource.getRepository(Mission).find({ select: { name: true } });
    const names = stored.map((m) => m.name).sort();
    const expected = Array.from({ length: 100 }, (_, k) => `concurrent-${k * 2}`).sort();
    expect(names).toEqual(expected);
  });

  it('keeps every successful HTTP write when concurrent requests fail validation inside a transaction', async () => {
    const before = (await t.http().get('/api/v1/missions').expect(200)).body.total;
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        t
          .http()
          .post('/api/v1/missions')
          .send(missionBody({ name: `http-${i}`, ...(i % 2 ? { electionDate: '2030-01-01' } : {}) })),
      ),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(30);
    expect(responses.filter((r) => r.status === 400)).toHaveLength(30);
    const after = (await t.http().get('/api/v1/missions').expect(200)).body.total;
    expect(after - before).toBe(30);
  });
});
