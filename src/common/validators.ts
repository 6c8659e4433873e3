import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsISO31661Alpha2, Matches, registerDecorator, ValidateIf, ValidationOptions } from 'class-validator';

/**
 * A real calendar date written YYYY-MM-DD (2024-02-30 is refused). A boolean, not `value is
 * string`: false does not mean "not a string", and a predicate would make the caller's string
 * `never` in its error branch.
 */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a date written YYYY-MM-DD`, ...options },
      validator: { validate: isCalendarDate },
    });
}

/** An instant with its offset (ISO 8601), e.g. 2024-02-07T08:00:00+04:00 or ...Z. A boolean, as isCalendarDate. */
export function isInstant(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(value) &&
    !Number.isNaN(new Date(value).getTime()) &&
    // Date() rolls 2024-02-30 over into March instead of refusing it.
    isCalendarDate(value.slice(0, 10))
  );
}

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be an ISO 8601 date-time with an offset, e.g. 2024-02-07T08:00:00+04:00`,
        ...options,
      },
      validator: { validate: isInstant },
    });
}

/**
 * A time filter: an instant with its offset, or a plain date (YYYY-MM-DD) meaning that day in the
 * mission's time zone (src/common/mission-time.ts reads it).
 */
export function IsInstantOrDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isInstantOrDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a date (2024-02-07, a day in the mission's time zone) or an ISO 8601 date-time with an offset (2024-02-07T08:00:00+04:00)`,
        ...options,
      },
      validator: { validate: (value: unknown) => isCalendarDate(value) || isInstant(value) },
    });
}

/**
 * A date-time as people write it: with an offset (2024-02-07T08:00:00+04:00), or without one
 * (2024-02-07T08:00), which src/common/mission-time.ts reads on the mission's clocks.
 */
/** A date-time without an offset: its date, and its time HH:MM with optional seconds and fraction. */
export const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ]((?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?)$/;

export function isDateTime(value: unknown): boolean {
  if (isInstant(value)) return true;
  const local = typeof value === 'string' && LOCAL_DATE_TIME.exec(value);
  return !!local && isCalendarDate(local[1]);
}

export function IsDateTime(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isDateTime',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a date-time such as 2024-02-07T08:00 (mission time) or 2024-02-07T08:00:00+04:00`,
        ...options,
      },
      validator: { validate: isDateTime },
    });
}

/** ISO 3166-1 alpha-2, accepted in any case and stored upper case. */
export function IsCountryCode(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value)),
    Matches(/^[A-Z]{2}$/, { message: '$property must be two letters (ISO 3166-1 alpha-2)' }),
    IsISO31661Alpha2({ message: '$property must be an ISO 3166-1 alpha-2 country code' }),
  );
}

/** Trims surrounding white space so "  " counts as empty. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/**
 * May be left out (the column has a default, or a PATCH leaves it alone) but never sent as null:
 * the column is NOT NULL.
 */
export const OmittableNotNull = () => ValidateIf((_object, value) => value !== undefined);
