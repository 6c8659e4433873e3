import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './src/database/database.options';
import { validateEnv } from './src/config/env.validation';

/** The DataSource for the TypeORM CLI: `npm run migration:run`, `migration:generate`. */
export default new DataSource(buildDataSourceOptions(validateEnv(process.env)));
