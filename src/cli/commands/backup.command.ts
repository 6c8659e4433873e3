import { validateEnv } from '../../config/env.validation';
import { backupDatabase } from '../../database';
import { CliCommand } from '../cli-command';

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'Copies the database while the tracker keeps running (SQLite: VACUUM INTO; PostgreSQL: pg_dump).',
  options: {
    out: { type: 'string', required: true, description: 'The new backup file (must not exist)', valueName: '<file>' },
  },
  examples: ['backup --out backups/eom-2024-02-07.sqlite'],

  // No application context: a backup must not run migrations or write anything to the database.
  async run(options, context) {
    const env = validateEnv(process.env);
    const out = options.out as string;
    const started = process.hrtime.bigint();
    const result = await backupDatabase(env, out);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.integrity !== undefined && result.integrity !== 'ok') {
      context.err(`The copy failed its integrity check: ${result.integrity}`);
      return 1;
    }
    context.out(
      `Backed up the ${env.DB_TYPE} database to ${result.file} (${(result.bytes / 1e6).toFixed(1)} MB) in ${seconds.toFixed(2)} s` +
        (result.integrity ? '; integrity_check ok' : '; restore with pg_restore'),
    );
  },
};
