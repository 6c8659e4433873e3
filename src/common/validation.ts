import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/** Flattens class-validator's tree into `field.path: reason` pairs a client can act on. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export function badRequestFromFieldErrors(errors: FieldError[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: errors.map((e) => (e.message.startsWith(e.field) ? e.message : `${e.field}: ${e.message}`)),
    errors,
  });
}

/**
 * The one validation setup: unknown fields are refused (not silently dropped), payloads are
 * turned into DTO instances, and a 400 names every bad field with its reason.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => badRequestFromFieldErrors(flattenValidationErrors(errors)),
  });
}

/**
 * PartialType makes every field optional, and class-validator's IsOptional lets `null` through as
 * well as `undefined`. For NOT NULL columns `{ "name": null }` must be a 400, not a database error.
 */
export function rejectNulls(dto: object, fields: readonly string[] = Object.keys(dto)): void {
  const errors = fields
    .filter((field) => (dto as Record<string, unknown>)[field] === null)
    .map((field) => ({ field, message: `${field} cannot be null` }));
  if (errors.length) throw badRequestFromFieldErrors(errors);
}
