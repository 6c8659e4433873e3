import { DataSource } from 'typeorm';

/** Runs a trivial query both engines know; resolves to its round trip in ms, rejects with the driver's error. */
export async function pingDatabase(dataSource: DataSource): Promise<number> {
  const started = process.hrtime.bigint();
  await dataSource.query('SELECT 1');
  return Number(process.hrtime.bigint() - started) / 1e6;
}
