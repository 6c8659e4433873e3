import { UnprocessableEntityException } from '@nestjs/common';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { isCalendarDate } from '../common/validators';

/** Digits, spaces, ( ) . / - and a leading +: how people actually write phone numbers. */
export const PHONE_PATTERN = /^\+?[0-9 ()./-]{3,64}$/;

/** Today's calendar date in UTC, YYYY-MM-DD. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A YYYY-MM-DD date strictly before `today` (a birth date cannot be today or later). */
export function isPastCalendarDate(value: unknown, today: string = todayUtc()): boolean {
  // YYYY-MM-DD strings compare in calendar order.
  return typeof value === 'string' && isCalendarDate(value) && value < today;
}

export function IsPastDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isPastDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a date in the past`, ...options },
      validator: { validate: (value: unknown) => isPastCalendarDate(value) },
    });
}

/**
 * The message for an observer who is a national of the host country, or null when the observer
 * may serve. International observers must be independent of the country they observe
 * (Declaration of Principles for International Election Observation, Code of Conduct).
 */
export function codeOfConductViolation(nationality: string, hostCountry: string): string | null {
  if (nationality.toUpperCase() !== hostCountry.toUpperCase()) return null;
  return (
    `Code of conduct: observers may not be nationals of the host country; ` +
    `nationality ${nationality.toUpperCase()} is this mission's host country`
  );
}

export function assertCodeOfConduct(nationality: string, hostCountry: string): void {
  const violation = codeOfConductViolation(nationality, hostCountry);
  if (violation) throw new UnprocessableEntityException(violation);
}
