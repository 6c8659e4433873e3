import { CsvSyntaxError, parseCsvText } from './csv-text';

describe('parseCsvText', () => {
  it('splits plain fields and keeps empty ones, including a trailing one', () => {
    expect(parseCsvText('a,b,c\n1,,3\n4,5,\n').records).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['4', '5', ''],
    ]);
    expect(parseCsvText('a,').records).toEqual([['a', '']]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const { records, lines } = parseCsvText('h1,h2\n"a, b","say ""hi"""\n"two\nlines",x\n"",y\nlast,row');
    expect(records).toEqual([
      ['h1', 'h2'],
      ['a, b', 'say "hi"'],
      ['two\nlines', 'x'],
      ['', 'y'],
      ['last', 'row'],
    ]);
    expect(lines).toEqual([1, 2, 3, 5, 6]);
  });

  it('accepts CRLF and lone CR line endings and a BOM, and skips blank lines', () => {
    const { records, lines } = parseCsvText('\ufeffa,b\r\n\r\n1,"x\r\ny"\r\n2,3\r4,5\r\n\r\n');
    expect(records).toEqual([
      ['a', 'b'],
      ['1', 'x\ny'],
      ['2', '3'],
      ['4', '5'],
    ]);
    expect(lines).toEqual([1, 3, 5, 6]);
  });

  it('keeps a quote inside an unquoted field as it is', () => {
    expect(parseCsvText('a,5" screen\n').records).toEqual([['a', '5" screen']]);
  });

  it('refuses an unclosed quote and text after a closing quote, naming the line', () => {
    expect(() => parseCsvText('a\n"open\nmore\n')).toThrow(CsvSyntaxError);
    try {
      parseCsvText('a,b\n1,2\n"x"y,3\n');
    } catch (error) {
      expect(error).toMatchObject({ line: 3, message: expect.stringMatching(/after a closing quote/) as unknown });
    }
    expect.assertions(2);
  });

  it('reads an empty text as no records', () => {
    expect(parseCsvText('').records).toEqual([]);
    expect(parseCsvText('\n\n').records).toEqual([]);
  });
});
