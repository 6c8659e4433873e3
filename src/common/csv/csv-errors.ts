import { BadRequestException } from '@nestjs/common';

/** One problem in an imported file. `line` is the physical line (the header is line 1). */
export interface CsvError {
  line: number;
  /** The file's own header name for the column, or null for a problem with the whole row. */
  column: string | null;
  message: string;
}

/** A file with a million bad rows must not produce a response of a hundred megabytes. */
export const MAX_LISTED_ERRORS = 1000;

/** Collects the errors of a whole file, so a client fixes every row in one round trip. */
export class CsvErrors {
  private readonly listed: CsvError[] = [];
  private readonly badLines = new Set<number>();
  private total = 0;

  add(line: number, column: string | null, message: string): void {
    this.total++;
    this.badLines.add(line);
    if (this.listed.length < MAX_LISTED_ERRORS) this.listed.push({ line, column, message });
  }

  get count(): number {
    return this.total;
  }

  hasLine(line: number): boolean {
    return this.badLines.has(line);
  }

  /** The 400 that rejects the file: every error (up to the cap) in line order, and how many in all. */
  toException(summary?: string): BadRequestException {
    const rows = this.badLines.size;
    const truncated = this.total > this.listed.length;
    let message = summary ?? `${rows} ${rows === 1 ? 'row has' : 'rows have'} errors`;
    if (truncated) message += ` (${this.total} errors; the first ${this.listed.length} are listed)`;
    return new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message,
      totalErrors: this.total,
      errors: [...this.listed].sort((a, b) => a.line - b.line),
    });
  }

  /** Rejects the file when anything was found; nothing may be written after a single error. */
  throwIfAny(): void {
    if (this.total > 0) throw this.toException();
  }
}

/** A 400 for a problem that spoils the whole file (no header, unreadable CSV, missing columns). */
export function csvFileError(summary: string, errors: CsvError[]): BadRequestException {
  const collector = new CsvErrors();
  for (const e of errors) collector.add(e.line, e.column, e.message);
  return collector.toException(summary);
}
