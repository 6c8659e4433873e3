import { readFile } from 'node:fs/promises';
import { IMPORT_MODES, ImportMode } from '../../common/csv/csv-import.dto';
import { CliCommand, UsageError } from '../cli-command';
import { ProgressBar } from '../progress';

export const importStationsCommand: CliCommand = {
  name: 'import stations',
  summary: "Imports a mission's polling stations from a CSV file (all or nothing).",
  options: {
    mission: { type: 'integer', required: true, description: 'Mission id', valueName: '<id>' },
    file: { type: 'string', required: true, description: 'CSV file with a header row', valueName: '<file.csv>' },
    columns: {
      type: 'string',
      description: "Our fields mapped to the file's headers",
      valueName: '<field:header,...>',
    },
    mode: { type: 'string', choices: IMPORT_MODES, description: 'insert (default) or upsert' },
  },
  examples: [
    'import stations --mission 1 --file stations.csv',
    'import stations --mission 1 --file stations.csv --columns code:qvKod,region:qarku,constituency:zaz --mode upsert',
  ],

  async run(options, context) {
    const missionId = options.mission as number;
    const file = options.file as string;
    const mode = (options.mode as ImportMode | undefined) ?? 'insert';
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(
        `cannot read --file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    const app = await context.app();
    // Loaded here so a mistyped command fails fast, without loading the application.
    const { PollingStationsImportService } = await import('../../polling-stations/polling-stations-import.service');
    const bar = new ProgressBar('Writing stations');
    const started = process.hrtime.bigint();
    try {
      const result = await app.get(PollingStationsImportService).importCsv(context.caller, missionId, text, {
        mapping: options.columns as string | undefined,
        mode,
        onProgress: (written, total) => bar.update(written, total),
      });
      bar.finish();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      context.out(
        `Imported polling stations into mission ${missionId} (${mode}): ` +
          `${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged ` +
          `in ${seconds.toFixed(2)} s`,
      );
    } finally {
      bar.finish();
    }
  },
};
