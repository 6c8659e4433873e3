import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, ValidationOptions } from 'class-validator';

/**
 * The largest PostgreSQL `integer`, the type of every id, count and version column: past it a
 * value could only be a 404, but PostgreSQL refuses to compare it (a 500) and SQLite's 64-bit
 * integers end soon after.
 */
export const MAX_INT = 2_147_483_647;

/** An id in a body: a whole number from 1 to MAX_INT. */
export function IsId(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(IsInt(options), Min(1, options), Max(MAX_INT, options));
}

/** What the OpenAPI document says of an integer query parameter besides its range. */
export interface IntegerDoc {
  description?: string;
  example?: number;
  default?: number;
}

// Decimal digits only: Number() would also read '1e3', '0x10', ' 5' and '' (as 0).
const DECIMAL_INTEGER = /^-?\d+$/;

/**
 * An optional integer query parameter from `min` to `max`, the range the OpenAPI document gives.
 * Anything else, a number written another way or one past the engines' integers, is a 400 naming
 * the parameter.
 */
export function QueryInteger(min: number, max: number, api: IntegerDoc = {}): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ ...api, type: 'integer', minimum: min, maximum: max }),
    IsOptional(),
    // `|| 0` reads -0 as 0.
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && DECIMAL_INTEGER.test(value) ? Number(value) || 0 : value,
    ),
    IsInt(),
    Min(min),
    Max(max),
  );
}

/** An id as a query parameter (a filter): 1 to MAX_INT. */
export const QueryId = (api: IntegerDoc = {}) => QueryInteger(1, MAX_INT, api);
