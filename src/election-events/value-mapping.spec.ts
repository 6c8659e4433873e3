import { BadRequestException } from '@nestjs/common';
import { mapValue, parseIgnoredColumns, parseValueMapping } from './value-mapping';

describe('parseValueMapping', () => {
  it('maps words ignoring case and spaces, with an empty right side meaning not answered', () => {
    const m = parseValueMapping(' po:yes, JO : no ,pjeserisht:partial,n/a:,na:');
    expect(mapValue(m, 'Po')).toBe('yes');
    expect(mapValue(m, ' jo ')).toBe('no');
    expect(mapValue(m, 'N/A')).toBe('');
    expect(mapValue(m, 'na')).toBe('');
    expect(mapValue(m, 'other')).toBe('other');
  });

  it('treats an absent mapping as no mapping', () => {
    expect(parseValueMapping(undefined).size).toBe(0);
    expect(parseValueMapping(' ').size).toBe(0);
  });

  it.each([
    ['a pair without colon', 'po'],
    ['an empty word', ':yes'],
    ['a word mapped twice', 'po:yes,PO:no'],
  ])('refuses %s with a 400 naming the values parameter', (_label, spec) => {
    expect(() => parseValueMapping(spec)).toThrow(BadRequestException);
    try {
      parseValueMapping(spec);
    } catch (error) {
      expect(JSON.stringify((error as BadRequestException).getResponse())).toContain('values');
    }
  });
});

describe('parseIgnoredColumns', () => {
  it('lists headers in lower case', () => {
    expect([...parseIgnoredColumns('votersList, Comment ,')]).toEqual(['voterslist', 'comment']);
  });
});
