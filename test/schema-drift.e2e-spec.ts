import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/database.options';
import { DB_TYPE, freshDatabase } from './app';

/**
 * The schema comes from migrations, written by hand per engine; the entities describe the same
 * schema to TypeORM. After every migration has run, TypeORM must find nothing to change: an index
 * dropped in a migration but still declared on an entity (or the reverse) fails here.
 */
describe(`migrations match the entities (${DB_TYPE})`, () => {
  it('leaves no pending schema change once every migration has run', async () => {
    const db = await freshDatabase();
    const dataSource = new DataSource(
      buildDataSourceOptions({
        DB_TYPE,
        DATABASE_PATH: db.settings.DATABASE_PATH ?? ':memory:',
        DATABASE_URL: db.settings.DATABASE_URL,
      }),
    );
    try {
      await dataSource.initialize();
      await dataSource.runMigrations();
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    }
  });
});
