import { INestApplicationContext } from '@nestjs/common';
import type { Caller } from '../common/request-context';

/** A wrong invocation: the message goes to stderr with the command's usage, and the exit code is 2. */
export class UsageError extends Error {}

export interface CliOptionSpec {
  description: string;
  /** 'integer' values are positive whole numbers (ids); 'boolean' options take no value. */
  type: 'string' | 'integer' | 'boolean';
  required?: boolean;
  choices?: readonly string[];
  /** Shown in usage, e.g. `<file.csv>`. */
  valueName?: string;
}

export type CliOptionValues = Record<string, string | number | boolean | undefined>;

export interface CliContext {
  /** The Nest application context, booted on first use (commands that need no database skip it). */
  app(): Promise<INestApplicationContext>;
  /** Results, for people and pipes. */
  out(line: string): void;
  /** Progress and diagnostics. */
  err(line: string): void;
  /** Whether stderr is a terminal (progress bars redraw in place only there). */
  interactive: boolean;
  /** Who the command acts as: the system, named 'cli' in the audit log. */
  caller: Caller;
}

/**
 * One CLI command, in a file of its own under src/cli/commands/ and listed in commands/index.ts.
 * `name` is one or more words (`import stations`, `users create`).
 */
export interface CliCommand {
  name: string;
  summary: string;
  options: Record<string, CliOptionSpec>;
  /** Example invocations shown in the help. */
  examples?: string[];
  /** Resolves to the exit code (0 when omitted). Throw UsageError for a bad combination of options. */
  run(options: CliOptionValues, context: CliContext): Promise<number | void>;
}
