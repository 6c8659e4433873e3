import { Database } from 'sqlite3';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../database.options';
import { PreparedStatements, sqliteConnection } from './prepared-statements';

/**
 * The one place that reaches into TypeORM's SQLite driver (docs/write-path.md, "Library internals
 * we touch"): these fail when a TypeORM release keeps its connection elsewhere or in another shape.
 */
describe('PreparedStatements on TypeORM’s SQLite connection', () => {
  let dataSource: DataSource;

  beforeEach(async () => {
    const options = buildDataSourceOptions({ DB_TYPE: 'sqlite', DATABASE_PATH: ':memory:' });
    dataSource = await new DataSource({ ...options, entities: [], migrations: [] }).initialize();
  });
  afterEach(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
  });

  it("finds the driver's sqlite3 Database, the connection TypeORM's own queries run on", async () => {
    const connection = sqliteConnection(dataSource);
    expect(connection).toBeInstanceOf(Database);
    expect(typeof connection.prepare).toBe('function');
    // The same connection: a temporary table is seen only by the connection that made it.
    await dataSource.query('CREATE TEMP TABLE "probe" ("n" INTEGER)');
    await dataSource.query('INSERT INTO "probe" ("n") VALUES (7)');
    const statements = new PreparedStatements(dataSource);
    expect(await statements.all('SELECT "n" FROM "probe"', [])).toEqual([{ n: 7 }]);
    await statements.finalizeAll();
  });

  it('prepares a SQL text once and runs it again, concurrent runs each on a statement of its own', async () => {
    const statements = new PreparedStatements(dataSource);
    const prepare = jest.spyOn(Database.prototype, 'prepare');
    const sql = 'SELECT ? + 1 AS "n"';
    expect(await Promise.all([statements.all(sql, [1]), statements.all(sql, [2])])).toEqual([[{ n: 2 }], [{ n: 3 }]]);
    expect(prepare).toHaveBeenCalledTimes(2);
    expect(await statements.all(sql, [3])).toEqual([{ n: 4 }]);
    expect(prepare).toHaveBeenCalledTimes(2);
    prepare.mockRestore();
    await statements.finalizeAll();
  });

  it('keeps no statement that failed to prepare: finalizing them all, and closing, still answer', async () => {
    const statements = new PreparedStatements(dataSource);
    await statements.all('SELECT 1 AS "one"', []);
    await expect(statements.all('SELECT 1 FROM "no_such_table"', [])).rejects.toThrow(/no such table/);
    await statements.finalizeAll();
    await dataSource.destroy();
    expect(dataSource.isInitialized).toBe(false);
  });

  it('lets the DataSource close once its statements are finalized', async () => {
    const statements = new PreparedStatements(dataSource);
    await statements.all('SELECT 1 AS "one"', []);
    await statements.finalizeAll();
    await dataSource.destroy();
    expect(dataSource.isInitialized).toBe(false);
  });

  it('says so, rather than failing somewhere a statement runs, when the driver has no sqlite3 Database', () => {
    const elsewhere = { driver: { databaseConnection: { prepare: () => undefined } } } as unknown as DataSource;
    expect(() => sqliteConnection(elsewhere)).toThrow(/no sqlite3 Database as its databaseConnection/);
    expect(() => sqliteConnection({ driver: {} } as unknown as DataSource)).toThrow(/databaseConnection/);
  });
});
