import { STATUS_CODES } from 'node:http';
import {
  ArgumentsHost,
  Catch,
  ConflictException,
  ExceptionFilter,
  HttpException,
  InternalServerErrorException,
  HttpServer,
  Logger,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { EntityNotFoundError, OptimisticLockVersionMismatchError, QueryFailedError } from 'typeorm';

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
}

/** Maps a database error that a client's request caused to the HTTP status it deserves. */
export function httpExceptionForDatabaseError(error: unknown): HttpException | null {
  if (error instanceof OptimisticLockVersionMismatchError) {
    return new ConflictException('The record was changed by someone else; reload it and try again');
  }
  if (error instanceof EntityNotFoundError) {
    return null; // services throw NotFoundException themselves; this would be a bug
  }
  if (!(error instanceof QueryFailedError)) return null;
  const driver = (error as QueryFailedError & { driverError?: DriverError }).driverError ?? {};
  const message = driver.message ?? error.message;
  // PostgreSQL: 23505 unique_violation, 23503 foreign_key_violation.
  // SQLite: SQLITE_CONSTRAINT with the constraint's kind in the message.
  if (driver.code === '23505' || /UNIQUE constraint failed/.test(message)) {
    return new ConflictException('A record with the same unique values already exists');
  }
  if (driver.code === '23503' || /FOREIGN KEY constraint failed/.test(message)) {
    return new ConflictException('The record is referenced by other records, or refers to one that does not exist');
  }
  return null;
}

/** The configured body limits, named in a 413's message. */
export interface BodyLimits {
  json: string;
  csv: string;
}

/**
 * The app's one exception filter, so every error leaves in the same shape:
 * - a unique or foreign-key violation that slipped past the services' own checks (two requests
 *   racing) is still a 409, never a 500;
 * - an error Fastify raises before any handler (body too large, not JSON, a bad URL) arrives as a
 *   bare message and gets the usual `{ statusCode, error, message }`, a 413 naming the limit;
 * - anything else unexpected is a 500 that says nothing of its cause (logged here instead).
 */
@Catch()
export class ApiErrorsFilter extends BaseExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    applicationRef: HttpServer,
    private readonly limits: BodyLimits,
  ) {
    super(applicationRef);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const mapped = httpExceptionForDatabaseError(exception);
    if (mapped) return super.catch(mapped, host);
    if (exception instanceof HttpException && typeof exception.getResponse() === 'string') {
      const status = exception.getStatus();
      const message = status === 413 ? this.tooLarge(host) : exception.getResponse();
      return super.catch(
        new HttpException({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message }, status),
        host,
      );
    }
    if (!(exception instanceof HttpException)) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
      // Not handed on as is: Nest would log the whole error object, and a failed query carries
      // its parameters (observers' personal data, token hashes) into the log.
      return super.catch(new InternalServerErrorException(), host);
    }
    super.catch(exception, host);
  }

  private tooLarge(host: ArgumentsHost): string {
    const type = host.switchToHttp().getRequest<FastifyRequest>().headers['content-type'] ?? '';
    const limit = /json/i.test(type) ? `JSON ${this.limits.json}` : `CSV ${this.limits.csv}`;
    return `Request body is larger than the limit (${limit})`;
  }
}
