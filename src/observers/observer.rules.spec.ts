import { UnprocessableEntityException } from '@nestjs/common';
import {
  assertCodeOfConduct,
  codeOfConductViolation,
  isPastCalendarDate,
  PHONE_PATTERN,
  todayUtc,
} from './observer.rules';

describe('codeOfConductViolation', () => {
  it('flags a national of the host country, in any letter case', () => {
    expect(codeOfConductViolation('az', 'AZ')).toMatch(/code of conduct.*host country/i);
    expect(codeOfConductViolation('AZ', 'az')).toContain('AZ');
  });

  it('lets any other nationality serve', () => {
    expect(codeOfConductViolation('TR', 'AZ')).toBeNull();
  });

  it('throws 422 through assertCodeOfConduct', () => {
    expect(() => assertCodeOfConduct('AZ', 'AZ')).toThrow(UnprocessableEntityException);
    expect(() => assertCodeOfConduct('KZ', 'AZ')).not.toThrow();
  });
});

describe('isPastCalendarDate', () => {
  const today = '2024-02-07';

  it('accepts a real date before today', () => {
    expect(isPastCalendarDate('1978-05-21', today)).toBe(true);
    expect(isPastCalendarDate('2024-02-06', today)).toBe(true);
  });

  it('refuses today, the future, impossible dates and other shapes', () => {
    expect(isPastCalendarDate('2024-02-07', today)).toBe(false);
    expect(isPastCalendarDate('2030-01-01', today)).toBe(false);
    expect(isPastCalendarDate('1980-02-30', today)).toBe(false);
    expect(isPastCalendarDate('21/05/1978', today)).toBe(false);
    expect(isPastCalendarDate(19780521, today)).toBe(false);
  });

  it('compares with the UTC calendar date by default', () => {
    expect(todayUtc(new Date('2024-02-07T23:30:00-05:00'))).toBe('2024-02-08');
  });
});

describe('PHONE_PATTERN', () => {
  it.each(['+994 12 555 01 53', '(012) 555-0153', '0125550153'])('accepts %s', (phone) => {
    expect(PHONE_PATTERN.test(phone)).toBe(true);
  });

  it.each(['call me', '12', '+1 555 CALL'])('refuses %s', (phone) => {
    expect(PHONE_PATTERN.test(phone)).toBe(false);
  });
});
