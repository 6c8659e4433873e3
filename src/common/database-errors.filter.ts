import {
  ArgumentsHost,
  Catch,
  ConflictException,
  ExceptionFilter,
  HttpException,
  InternalServerErrorException,
  Logger,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
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

/**
 * The backstop behind the services' own checks: a unique or foreign-key violation that slipped
 * past them (two requests racing) is still a 409, never a 500.
 */
@Catch()
export class DatabaseErrorsFilter extends BaseExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const mapped = httpExceptionForDatabaseError(exception);
    if (mapped) return super.catch(mapped, host);
    if (!(exception instanceof HttpException)) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
      // Not handed on as is: Nest would log the whole error object, and a failed query carries
      // its parameters (observers' personal data, token hashes) into the log.
      return super.catch(new InternalServerErrorException(), host);
    }
    super.catch(exception, host);
  }
}
