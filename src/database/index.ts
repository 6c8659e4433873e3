/**
 * The public door of src/database: the only module of this folder that code outside it may import
 * (besides column-types.ts, which entities read at decoration time, and database.module.ts, which
 * app.module.ts registers). Everything else here (the engine folders, the writer's machinery,
 * migrations) is internal; `npm run lint:deps` (.dependency-cruiser.cjs) holds that.
 */
export { DatabaseWriter } from './database-writer.service';
export type { WriteTask } from './database-writer.service';
export { WriteSet } from './write-set';
export type { Reads } from './write-set';
export { insertRows, insertUnlessPresent } from './bulk-insert';
export { writeBatches } from './write-batches';
export type { BatchWrite } from './write-batches';
export { chunks } from './batches';
export { likePattern, whereAnyContains } from './text-search';
export {
  appendOnlyStamp,
  defaultNow,
  instantParam,
  isUniqueViolation,
  jsonArrayElements,
  lockRows,
  lockTransaction,
} from './dialect';
export { SnapshotReader } from './snapshot-reader';
export { pingDatabase } from './health-check';
export { buildDataSourceOptions, openDataSource } from './database.options';
export { backupDatabase } from './backup';
export type { BackupResult } from './backup';
