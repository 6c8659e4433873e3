import { parseArgs } from 'node:util';
import { CliCommand, CliOptionValues, UsageError } from './cli-command';

/** The command named by the leading words of `argv`, the longest name winning, and the words it used. */
export function findCommand(commands: readonly CliCommand[], argv: readonly string[]): CliCommand | undefined {
  const firstOption = argv.findIndex((a) => a.startsWith('-'));
  const words = firstOption < 0 ? argv : argv.slice(0, firstOption);
  return [...commands]
    .sort((a, b) => b.name.split(' ').length - a.name.split(' ').length)
    .find((c) => {
      const name = c.name.split(' ');
      return name.every((w, i) => words[i] === w);
    });
}

/** Parses and checks the options after the command's words; every problem is a UsageError. */
export function parseOptions(command: CliCommand, args: readonly string[]): CliOptionValues {
  const specs = Object.entries(command.options);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...args],
      options: Object.fromEntries(
        specs.map(([name, spec]) => [name, { type: spec.type === 'boolean' ? 'boolean' : 'string' }] as const),
      ),
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  const values: CliOptionValues = {};
  for (const [name, spec] of specs) {
    const raw = parsed.values[name];
    if (raw === undefined) {
      if (spec.required) throw new UsageError(`--${name} is required`);
      continue;
    }
    if (spec.type === 'boolean') {
      values[name] = raw === true;
      continue;
    }
    const text = String(raw);
    if (spec.type === 'integer') {
      if (!/^\d{1,10}$/.test(text) || Number(text) < 1)
        throw new UsageError(`--${name} must be a positive whole number`);
      values[name] = Number(text);
    } else if (spec.choices && !spec.choices.includes(text)) {
      throw new UsageError(`--${name} must be one of: ${spec.choices.join(', ')}`);
    } else {
      values[name] = text;
    }
  }
  return values;
}

export function commandUsage(command: CliCommand, program: string): string {
  const lines = [`Usage: ${program} ${command.name} [options]`, '', command.summary, '', 'Options:'];
  for (const [name, spec] of Object.entries(command.options)) {
    const value =
      spec.type === 'boolean' ? '' : ` ${spec.valueName ?? (spec.choices ? spec.choices.join('|') : '<value>')}`;
    const flag = `  --${name}${value}`;
    lines.push(`${flag.padEnd(32)} ${spec.description}${spec.required ? ' (required)' : ''}`);
  }
  if (command.examples?.length) lines.push('', 'Examples:', ...command.examples.map((e) => `  ${program} ${e}`));
  return lines.join('\n');
}

export function programUsage(commands: readonly CliCommand[], program: string): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `Usage: ${program} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)} ${c.summary}`),
    '',
    `Run "${program} <command> --help" for a command's options.`,
  ].join('\n');
}
