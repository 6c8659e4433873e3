import { unstorableTextReason } from '../storable-text';
import { badRequestFromFieldErrors, FieldError } from '../validation';
import { isCalendarDate } from '../validators';
import { CsvError, csvFileError, CsvErrors } from './csv-errors';
import { CsvRecords, CsvSyntaxError, parseCsvText } from './csv-text';

/** A column an importer understands, named by our snake_case field name. */
export interface CsvColumnSpec {
  field: string;
  /** The file must have this column (its cells may still be checked row by row). */
  required?: boolean;
}

export interface CsvReadOptions {
  columns: readonly CsvColumnSpec[];
  /** The `?columns=ourField:theirHeader,...` query parameter, if any. */
  mapping?: string;
}

/**
 * Parses `code:qvKod,region:qarku` into field -> header. An unknown field, a field named twice or
 * an empty header is a 400 naming the `columns` parameter. A header may serve two fields.
 */
export function parseColumnMapping(spec: string | undefined, fields: readonly string[]): Map<string, string> {
  const mapping = new Map<string, string>();
  if (spec === undefined || spec.trim() === '') return mapping;
  const known = new Set(fields);
  const errors: FieldError[] = [];
  for (const part of spec.split(',')) {
    const pair = part.trim();
    if (pair === '') continue;
    const colon = pair.indexOf(':');
    const field = (colon < 0 ? pair : pair.slice(0, colon)).trim();
    const header = colon < 0 ? '' : pair.slice(colon + 1).trim();
    if (!known.has(field)) {
      errors.push({
        field: 'columns',
        message: `columns: unknown field "${field}"; known fields: ${fields.join(', ')}`,
      });
    } else if (header === '') {
      errors.push({ field: 'columns', message: `columns: "${pair}" must be written ${field}:<header in your file>` });
    } else if (mapping.has(field)) {
      errors.push({ field: 'columns', message: `columns: field "${field}" is mapped more than once` });
    } else {
      mapping.set(field, header);
    }
  }
  if (errors.length) throw badRequestFromFieldErrors(errors);
  return mapping;
}

/**
 * One data row. Getters read a field by OUR name, trim it, convert it, and on a bad value record
 * an error against this row's line and the file's header name, returning null so the caller can
 * go on and find the row's other errors too.
 */
export class CsvRow {
  constructor(
    readonly line: number,
    private readonly values: readonly string[],
    private readonly sheet: CsvSheet,
  ) {}

  /** The trimmed cell; '' when empty or when the file has no such column. */
  raw(field: string): string {
    const index = this.sheet.indexOf(field);
    return index < 0 ? '' : (this.values[index] ?? '').trim();
  }

  /** Records an error for this row; `field` null means the row as a whole. */
  error(field: string | null, message: string): void {
    this.sheet.errors.add(this.line, field === null ? null : this.sheet.columnOf(field), message);
  }

  get hasErrors(): boolean {
    return this.sheet.errors.hasLine(this.line);
  }

  text(field: string, options: { maxLength?: number } = {}): string | null {
    const value = this.raw(field);
    if (value === '') return null;
    if (options.maxLength !== undefined && value.length > options.maxLength) {
      this.error(field, `must be at most ${options.maxLength} characters (found ${value.length})`);
      return null;
    }
    return value;
  }

  /** Like text(), but an empty cell is an error; returns '' then. */
  requiredText(field: string, options: { maxLength?: number } = {}): string {
    if (this.raw(field) === '') {
      this.error(field, 'is required');
      return '';
    }
    return this.text(field, options) ?? '';
  }

  integer(field: string, range: { min?: number; max?: number } = {}): number | null {
    const value = this.raw(field);
    if (value === '') return null;
    if (!/^[+-]?\d{1,15}$/.test(value)) {
      this.error(field, `"${value}" is not a whole number`);
      return null;
    }
    return this.inRange(field, Number(value), range);
  }

  number(field: string, range: { min?: number; max?: number } = {}): number | null {
    const value = this.raw(field);
    if (value === '') return null;
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value)) {
      this.error(field, `"${value}" is not a number (use a dot for decimals)`);
      return null;
    }
    return this.inRange(field, Number(value), range);
  }

  /** One of `allowed`, matched case-insensitively and returned as spelled in `allowed`. */
  oneOf<T extends string>(field: string, allowed: readonly T[]): T | null {
    const value = this.raw(field);
    if (value === '') return null;
    const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
    if (match === undefined) this.error(field, `"${value}" is not one of: ${allowed.join(', ')}`);
    return match ?? null;
  }

  /** A cell holding several values, e.g. `webcam; urban`: trimmed, empty parts and repeats dropped. */
  list(field: string, separator = ';'): string[] {
    const value = this.raw(field);
    if (value === '') return [];
    return [...new Set(value.split(separator).map((v) => v.trim()))].filter((v) => v !== '');
  }

  /** A calendar date written YYYY-MM-DD. */
  date(field: string): string | null {
    const value = this.raw(field);
    if (value === '') return null;
    if (!isCalendarDate(value)) {
      this.error(field, `"${value}" is not a date written YYYY-MM-DD`);
      return null;
    }
    return value;
  }

  private inRange(field: string, n: number, range: { min?: number; max?: number }): number | null {
    if ((range.min !== undefined && n < range.min) || (range.max !== undefined && n > range.max)) {
      const bounds =
        range.min !== undefined && range.max !== undefined
          ? `between ${range.min} and ${range.max}`
          : range.min !== undefined
            ? `at least ${range.min}`
            : `at most ${range.max}`;
      this.error(field, `${n} is out of range: must be ${bounds}`);
      return null;
    }
    return n;
  }
}

/** A parsed file: its header, the column of each of our fields, its rows, and the errors found. */
export class CsvSheet {
  readonly errors = new CsvErrors();
  readonly rows: CsvRow[] = [];
  private readonly indexes = new Map<string, number>();

  constructor(
    readonly headers: readonly string[],
    private readonly headerOf: ReadonlyMap<string, string>,
  ) {
    const byExact = new Map<string, number>();
    const byLoose = new Map<string, number>();
    headers.forEach((h, i) => {
      if (!byExact.has(h)) byExact.set(h, i);
      if (!byLoose.has(h.trim().toLowerCase())) byLoose.set(h.trim().toLowerCase(), i);
    });
    for (const [field, header] of headerOf) {
      const index = byExact.get(header) ?? byLoose.get(header.trim().toLowerCase());
      if (index !== undefined) this.indexes.set(field, index);
    }
  }

  /** Whether the file has a column for `field`. */
  has(field: string): boolean {
    return this.indexes.has(field);
  }

  indexOf(field: string): number {
    return this.indexes.get(field) ?? -1;
  }

  /** The header name errors about `field` are reported under. */
  columnOf(field: string): string {
    const index = this.indexes.get(field);
    return index === undefined ? (this.headerOf.get(field) ?? field) : this.headers[index];
  }
}

/** Every cell (the header's too) holding text neither engine stores as sent, by line and column. */
function unstorableCells(parsed: CsvRecords, first: number, headers: readonly string[]): CsvError[] {
  const errors: CsvError[] = [];
  parsed.records.forEach((record, i) =>
    record.forEach((cell, column) => {
      const reason = unstorableTextReason(cell);
      if (reason === null) return;
      const line = parsed.lines[i];
      if (i <= first) errors.push({ line, column: null, message: `the header of column ${column + 1} ${reason}` });
      else errors.push({ line, column: headers[column] ?? null, message: reason });
    }),
  );
  return errors;
}

/**
 * Parses CSV text (BOM, quoted fields with commas and line breaks, CRLF, blank lines) and finds
 * each field's column. Throws a 400 for a bad mapping, unreadable CSV, an empty file, or missing
 * required columns. Rows whose number of cells differs from the header's are recorded as errors
 * and left out of `rows`.
 */
export function readCsv(text: string, options: CsvReadOptions): CsvSheet {
  const fields = options.columns.map((c) => c.field);
  const mapping = parseColumnMapping(options.mapping, fields);
  const headerOf = new Map(fields.map((f) => [f, mapping.get(f) ?? f]));

  let parsed: CsvRecords;
  try {
    parsed = parseCsvText(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw csvFileError('The file is not valid CSV', [{ line: error.line, column: null, message: error.message }]);
  }
  // A row of empty cells (what spreadsheets leave below the data) is a blank line too.
  const records = parsed.records;
  const isBlank = (record: string[]) => record.every((cell) => cell.trim() === '');
  const first = records.findIndex((r) => !isBlank(r));
  if (first < 0) {
    throw csvFileError('The file is empty', [
      { line: 1, column: null, message: 'expected a header row naming the columns' },
    ]);
  }

  const headers = records[first].map((h) => h.trim());
  const headerLine = parsed.lines[first];
  // One scan of the whole text first: a file without such text (nearly every one) costs no more.
  if (unstorableTextReason(text) !== null) {
    throw csvFileError('The file has text that cannot be stored', unstorableCells(parsed, first, headers));
  }
  const sheet = new CsvSheet(headers, headerOf);
  const missing = options.columns
    .filter((c) => !sheet.has(c.field) && (c.required || mapping.has(c.field)))
    .map((c) => ({
      line: headerLine,
      column: headerOf.get(c.field)!,
      message: mapping.has(c.field)
        ? `column "${mapping.get(c.field)}" (mapped to ${c.field}) is not in the file's header`
        : `required column "${c.field}" is missing; name it so or map it with ?columns=${c.field}:<your header>`,
    }));
  if (missing.length) throw csvFileError('The file lacks columns the import needs', missing);

  for (let i = first + 1; i < records.length; i++) {
    const record = records[i];
    const line = parsed.lines[i];
    if (isBlank(record)) continue;
    if (record.length !== headers.length) {
      sheet.errors.add(line, null, `has ${record.length} cells but the header has ${headers.length}`);
      continue;
    }
    sheet.rows.push(new CsvRow(line, record, sheet));
  }
  return sheet;
}
