import { BadRequestException } from '@nestjs/common';
import type { FieldError } from '../validation';
import type { CsvError } from './csv-errors';
import { CsvColumnSpec, parseColumnMapping, readCsv } from './csv-reader';

const COLUMNS: CsvColumnSpec[] = [
  { field: 'code', required: true },
  { field: 'name', required: true },
  { field: 'latitude' },
  { field: 'registered_voters' },
  { field: 'type' },
  { field: 'tags' },
];

/** A 400's body: a file's errors by line, or (a bad ?columns=) a parameter's by field. */
interface Rejection {
  message: string | string[];
  totalErrors?: number;
  errors: (Partial<CsvError> & Partial<FieldError>)[];
}

/** The response body of the 400 a call throws. */
function rejection(fn: () => unknown): Rejection {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse() as Rejection;
  }
  throw new Error('expected a 400');
}

describe('parseColumnMapping', () => {
  const fields = ['code', 'region', 'name'];

  it('maps our fields to the file headers, trimming around names', () => {
    const m = parseColumnMapping(' code : qvKod , region:qarku,', fields);
    expect([...m]).toEqual([
      ['code', 'qvKod'],
      ['region', 'qarku'],
    ]);
  });

  it('treats an absent or empty mapping as no mapping', () => {
    expect(parseColumnMapping(undefined, fields).size).toBe(0);
    expect(parseColumnMapping('  ', fields).size).toBe(0);
  });

  it('lets one header serve two fields', () => {
    expect(parseColumnMapping('name:place,region:place', fields).get('region')).toBe('place');
  });

  it.each([
    ['an unknown field', 'colour:ngjyra', /unknown field "colour"/],
    ['a pair without header', 'code', /code:<header in your file>/],
    ['an empty header', 'code:', /code:<header in your file>/],
    ['a field mapped twice', 'code:a,code:b', /mapped more than once/],
  ])('refuses %s with a 400 naming the columns parameter', (_label, spec, message) => {
    const body = rejection(() => parseColumnMapping(spec, fields));
    expect(body.errors[0].field).toBe('columns');
    expect(body.message[0]).toMatch(message);
  });
});

describe('readCsv', () => {
  it('reads a file with BOM, CRLF, quoted commas and blank trailing lines', () => {
    const text = '\ufeffcode,name,latitude\r\n0001,"School, No. 1",41.5\r\n0002,Hall,\r\n\r\n,,\r\n\r\n';
    const sheet = readCsv(text, { columns: COLUMNS });
    expect(sheet.rows).toHaveLength(2);
    expect(sheet.rows[0].raw('code')).toBe('0001');
    expect(sheet.rows[0].text('name')).toBe('School, No. 1');
    expect(sheet.rows[0].number('latitude')).toBe(41.5);
    expect(sheet.rows[1].number('latitude')).toBeNull();
    expect(sheet.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(sheet.errors.count).toBe(0);
  });

  it('gives the physical line of a row that follows a quoted cell with line breaks', () => {
    const text = 'code,name\r\n1,"two\r\nline name"\r\n\r\n2,after\n3,"a\nb\nc"\n4,last';
    const sheet = readCsv(text, { columns: COLUMNS });
    expect(sheet.rows.map((r) => [r.raw('code'), r.line])).toEqual([
      ['1', 2],
      ['2', 5],
      ['3', 6],
      ['4', 9],
    ]);
    expect(sheet.rows[0].raw('name')).toBe('two\nline name');
  });

  it('finds columns through the mapping, and headers regardless of case and spaces', () => {
    const text = 'qvKod, NAME ,zgjedhes\n0001,School,702\n';
    const sheet = readCsv(text, { columns: COLUMNS, mapping: 'code:qvKod,registered_voters:zgjedhes' });
    const row = sheet.rows[0];
    expect([row.raw('code'), row.raw('name'), row.integer('registered_voters')]).toEqual(['0001', 'School', 702]);
    expect(sheet.has('latitude')).toBe(false);
    expect(row.raw('latitude')).toBe('');
    expect(sheet.columnOf('code')).toBe('qvKod');
  });

  it('refuses a file that lacks a required column, naming it on line 1', () => {
    const body = rejection(() => readCsv('code,latitude\n1,2\n', { columns: COLUMNS }));
    expect(body.errors).toEqual([
      { line: 1, column: 'name', message: expect.stringMatching(/required column "name"/) as unknown },
    ]);
  });

  it('refuses a mapping to a header the file does not have, even for an optional field', () => {
    const body = rejection(() => readCsv('code,name\n1,a\n', { columns: COLUMNS, mapping: 'latitude:lat' }));
    expect(body.errors[0]).toMatchObject({
      line: 1,
      column: 'lat',
      message: expect.stringMatching(/not in the file/) as unknown,
    });
  });

  it('refuses an empty file and CSV it cannot read', () => {
    expect(rejection(() => readCsv('\r\n\r\n', { columns: COLUMNS })).message).toBe('The file is empty');
    const bad = rejection(() => readCsv('code,name\n1,"open\n2,x\n', { columns: COLUMNS }));
    expect(bad.message).toBe('The file is not valid CSV');
    expect(bad.errors[0]).toMatchObject({ line: 2, message: expect.stringMatching(/never closed/) as unknown });
  });

  it('refuses text either engine cannot store, in any cell or header, before any column is looked for', () => {
    const bad = rejection(() => readCsv('code,na\u0000me\n1,a\n2,"b\u0000"\n', { columns: COLUMNS }));
    expect(bad.message).toBe('The file has text that cannot be stored');
    expect(bad.errors).toEqual([
      { line: 1, column: null, message: 'the header of column 2 must not contain the NUL character (U+0000)' },
      { line: 3, column: 'na\u0000me', message: 'must not contain the NUL character (U+0000)' },
    ]);
    const lone = rejection(() => readCsv('code,name\n1,\ud800\n', { columns: COLUMNS }));
    expect(lone.errors).toEqual([{ line: 2, column: 'name', message: expect.stringMatching(/surrogate/) as unknown }]);
  });

  it('records a row with the wrong number of cells and leaves it out', () => {
    const sheet = readCsv('code,name\n1,a\n2,b,extra\n3\n', { columns: COLUMNS });
    expect(sheet.rows.map((r) => r.line)).toEqual([2]);
    const body = sheet.errors.toException().getResponse() as Rejection;
    expect(body.errors).toEqual([
      { line: 3, column: null, message: 'has 3 cells but the header has 2' },
      { line: 4, column: null, message: 'has 1 cells but the header has 2' },
    ]);
  });
});

describe('CsvRow conversions', () => {
  const header = 'code,name,latitude,registered_voters,type,tags';
  const rowOf = (line: string, mapping?: string) => {
    const sheet = readCsv(`${header}\n${line}\n`, { columns: COLUMNS, mapping });
    return { row: sheet.rows[0], sheet };
  };

  it('converts good cells', () => {
    const { row, sheet } = rowOf('A1,Name,-41.25,0,Special, webcam ; urban;;webcam');
    expect(row.requiredText('code', { maxLength: 4 })).toBe('A1');
    expect(row.number('latitude', { min: -90, max: 90 })).toBe(-41.25);
    expect(row.integer('registered_voters', { min: 0 })).toBe(0);
    expect(row.oneOf('type', ['regular', 'special'] as const)).toBe('special');
    expect(row.list('tags')).toEqual(['webcam', 'urban']);
    expect(row.hasErrors).toBe(false);
    expect(sheet.errors.count).toBe(0);
  });

  it('records every bad cell of a row with its line and the file header', () => {
    const { row, sheet } = rowOf(',Name,91,12.5,castle,');
    expect(row.requiredText('code')).toBe('');
    expect(row.number('latitude', { min: -90, max: 90 })).toBeNull();
    expect(row.integer('registered_voters', { min: 0 })).toBeNull();
    expect(row.oneOf('type', ['regular', 'special'] as const)).toBeNull();
    row.error(null, 'the row as a whole is wrong');
    expect(row.hasErrors).toBe(true);
    const body = sheet.errors.toException().getResponse() as Rejection;
    expect(body.message).toBe('1 row has errors');
    expect(body.totalErrors).toBe(5);
    expect(body.errors).toEqual([
      { line: 2, column: 'code', message: 'is required' },
      { line: 2, column: 'latitude', message: '91 is out of range: must be between -90 and 90' },
      { line: 2, column: 'registered_voters', message: '"12.5" is not a whole number' },
      { line: 2, column: 'type', message: '"castle" is not one of: regular, special' },
      { line: 2, column: null, message: 'the row as a whole is wrong' },
    ]);
  });

  it('refuses text longer than allowed, numbers with commas, and impossible dates', () => {
    const { row } = rowOf('TOO-LONG,Name,"41,5",1,,');
    expect(row.text('code', { maxLength: 4 })).toBeNull();
    expect(row.number('latitude')).toBeNull();
    expect(row.date('name')).toBeNull();
    expect(row.hasErrors).toBe(true);
  });
});
