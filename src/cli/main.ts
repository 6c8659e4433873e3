import 'reflect-metadata';
import { HttpException, INestApplicationContext } from '@nestjs/common';
import type { CsvError } from '../common/csv/csv-errors';
import { systemCaller } from '../common/request-context';
import type { FieldError } from '../common/validation';
import { commandUsage, findCommand, parseOptions, programUsage } from './args';
import { CliContext, CliOptionValues, UsageError } from './cli-command';
import { COMMANDS } from './commands';

/**
 * Command-line entry point: `npm run cli -- <command> [options]` (or `node dist/src/cli/main.js`
 * after a build). Exit codes: 0 done, 1 the command failed, 2 it was invoked wrongly.
 * The database is chosen by the same environment variables as the server (DB_TYPE,
 * DATABASE_PATH, DATABASE_URL, ...).
 */
const PROGRAM = 'eom-tracker';
const MAX_LISTED_ERRORS = 50;

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    (argv.length === 0 ? err : out)(programUsage(COMMANDS, PROGRAM));
    return argv.length === 0 ? 2 : 0;
  }
  const command = findCommand(COMMANDS, argv);
  if (!command) {
    err(`Unknown command "${argv.filter((a) => !a.startsWith('-')).join(' ')}"\n`);
    err(programUsage(COMMANDS, PROGRAM));
    return 2;
  }
  const rest = argv.slice(command.name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    out(commandUsage(command, PROGRAM));
    return 0;
  }

  let app: INestApplicationContext | undefined;
  const context: CliContext = {
    app: async () => (app ??= await bootApplication()),
    out,
    err,
    interactive: Boolean(process.stderr.isTTY),
    caller: systemCaller('cli'),
  };
  try {
    const options: CliOptionValues = parseOptions(command, rest);
    return (await command.run(options, context)) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`${command.name}: ${error.message}\n`);
      err(commandUsage(command, PROGRAM));
      return 2;
    }
    reportFailure(error);
    return 1;
  } finally {
    await app?.close();
  }
}

async function bootApplication(): Promise<INestApplicationContext> {
  // Loaded only for commands that need it: usage errors answer at once.
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../app.module');
  return NestFactory.createApplicationContext(AppModule.forRoot(), { logger: ['error', 'warn'] });
}

/** What the HTTP API would have answered, written for a person. */
function reportFailure(error: unknown): void {
  if (!(error instanceof HttpException)) {
    const verbose = ['debug', 'verbose'].includes(process.env.LOG_LEVEL ?? '');
    err(error instanceof Error ? ((verbose ? error.stack : undefined) ?? `Failed: ${error.message}`) : String(error));
    return;
  }
  const body = error.getResponse() as string | { message?: string | string[]; errors?: unknown[] };
  const message = typeof body === 'string' ? body : body.message;
  err(`Failed (${error.getStatus()}): ${Array.isArray(message) ? message.join('; ') : (message ?? error.message)}`);
  // A CSV import lists { line, column, message }, a validation { field, message }.
  const errors = (typeof body === 'object' && Array.isArray(body.errors) ? body.errors : []) as (
    CsvError | FieldError
  )[];
  for (const e of errors.slice(0, MAX_LISTED_ERRORS)) {
    if ('line' in e) err(`  line ${e.line}${e.column ? `, column ${e.column}` : ''}: ${e.message}`);
    else if ('field' in e) err(`  ${e.field}: ${e.message}`);
  }
  if (errors.length > MAX_LISTED_ERRORS) err(`  ... and ${errors.length - MAX_LISTED_ERRORS} more`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Whatever a library left open (a pool's idle timer), the command is over.
    setTimeout(() => process.exit(code), 1000).unref();
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
