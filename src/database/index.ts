/**
 * The public door of src/database: the only module of this folder that code outside it may import
 * (besides column-types.ts, which entities read at decoration time, and database.module.ts, which
 * app.module.ts registers). Everything else here (the engine code, the writer's machinery,
 * migrations) is internal; `npm run lint:deps` (.dependency-cruiser.cjs) holds that.
 *
 * Names are re-exported one by one so the door shows exactly what is public. TIMESTAMP is not
 * among them: entities import it from ./column-types, which loads nothing else.
 */
export { DatabaseWriter } from './database-writer.service';
export type { WriteTask } from './database-writer.service';
export { WriteSet } from './write-set';
export { insertRows, insertUnlessPresent } from './bulk-insert';
export { instantParam } from './query-values';
export { applySqlitePragmas, buildDataSourceOptions } from './database.options';
export { backupPostgres, backupSqlite } from './backup';
export type { BackupResult } from './backup';
