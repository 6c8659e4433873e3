/** A CSV text that cannot be read; `line` is where the trouble starts. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CsvRecords {
  records: string[][];
  /** The physical line each record starts on (1-based, blank lines counted). */
  lines: number[];
}

const QUOTE = 34;
const COMMA = 44;
const NEWLINE = 10;

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes (which may hold commas, line
 * breaks and doubled quotes), any line ending, an optional BOM. Blank lines are skipped.
 *
 * Written here rather than taken from csv-parse: on the import benchmark csv-parse's sync API
 * alone took several times the whole import budget, where this scanner (delimiters found with
 * indexOf and a char-code loop) takes a fraction of it (figures: docs/write-path.md).
 * csv-parse also counts a CRLF inside a quoted field as two lines, which skews error lines.
 */
export function parseCsvText(input: string): CsvRecords {
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  const length = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const records: string[][] = [];
  const lines: number[] = [];

  while (pos < length) {
    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(pos) === QUOTE) {
        pos++;
        value = '';
        for (;;) {
          const close = text.indexOf('"', pos);
          if (close < 0)
            throw new CsvSyntaxError(startLine, `a quoted field opened on line ${startLine} is never closed`);
          const chunk = text.slice(pos, close);
          for (let p = chunk.indexOf('\n'); p >= 0; p = chunk.indexOf('\n', p + 1)) line++;
          value += chunk;
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            pos = close + 2;
          } else {
            pos = close + 1;
            break;
          }
        }
        const next = text.charCodeAt(pos);
        if (pos < length && next !== COMMA && next !== NEWLINE) {
          throw new CsvSyntaxError(
            line,
            `unexpected text after a closing quote on line ${line}; write a quote inside a quoted field as ""`,
          );
        }
      } else {
        let end = pos;
        for (; end < length; end++) {
          const c = text.charCodeAt(end);
          if (c === COMMA || c === NEWLINE) break;
        }
        value = text.slice(pos, end);
        pos = end;
      }
      fields.push(value);
      if (pos < length && text.charCodeAt(pos) === COMMA) {
        pos++;
        continue;
      }
      pos++; // the line break, or past the end
      line++;
      break;
    }
    if (fields.length === 1 && fields[0] === '') continue;
    records.push(fields);
    lines.push(startLine);
  }
  return { records, lines };
}
