import 'reflect-metadata';
import fc from 'fast-check';
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { insertRows } from '../bulk-insert';
import { sqliteDatetime, sqliteValue } from './values';

@Entity('instants')
class Instant {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'datetime' })
  at!: Date;
}

/** Our text for an instant against TypeORM's own: what its SQLite driver stores for a datetime column. */
describe('sqliteDatetime', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await new DataSource({
      type: 'sqlite',
      database: ':memory:',
      entities: [Instant],
      logging: false,
    }).initialize();
    // The test entity's table, made by hand: schema comes from migrations, never from synchronize.
    await dataSource.query(
      'CREATE TABLE "instants" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "at" datetime NOT NULL)',
    );
  });
  afterAll(() => dataSource.destroy());

  const typeorm = (date: Date): unknown =>
    dataSource.driver.preparePersistentValue(date, dataSource.getMetadata(Instant).findColumnWithPropertyName('at')!);

  it("is the text TypeORM's driver stores, for any instant", () => {
    fc.assert(
      fc.property(fc.date(), (date) => {
        expect(sqliteDatetime(date)).toBe(typeorm(date));
      }),
      { numRuns: 2000 },
    );
    for (const date of [
      new Date(0),
      new Date('2024-02-07T23:59:59.999Z'),
      new Date('2024-02-07T06:05:04.003+03:00'),
      new Date('0999-01-01T00:00:00.010Z'),
      new Date('+012345-06-07T08:09:10.011Z'),
      new Date('-000005-01-01T00:00:00.000Z'),
      new Date(NaN),
    ]) {
      expect(sqliteDatetime(date)).toBe(typeorm(date));
    }
  });

  it('is what a saved entity leaves in the column, so rows written either way compare equal', async () => {
    const at = new Date('2026-11-27T11:13:07.045Z');
    const saved = await dataSource.getRepository(Instant).save({ at });
    const [ours] = await insertRows(dataSource.manager, 'instants', ['at'], [[at]]);
    const rows: { id: number; at: string }[] = await dataSource.query(
      'SELECT "id", "at" FROM "instants" ORDER BY "id"',
    );
    expect(rows).toEqual([
      { id: saved.id, at: '2026-11-27 11:13:07.045' },
      { id: ours, at: '2026-11-27 11:13:07.045' },
    ]);
    const found: unknown[] = await dataSource.query('SELECT "id" FROM "instants" WHERE "at" = ?', [sqliteValue(at)]);
    expect(found).toHaveLength(2);
    // And TypeORM reads our row back as the same instant.
    expect((await dataSource.getRepository(Instant).findOneByOrFail({ id: ours })).at).toEqual(at);
  });

  it('binds booleans as 0/1 and leaves other values as they are', () => {
    expect([true, false, 1, 'x', null].map(sqliteValue)).toEqual([1, 0, 1, 'x', null]);
  });
});
