import { ConflictException } from '@nestjs/common';

/** Refuses a stale optimistic-concurrency version with 409. */
export function assertVersion(entity: { version: number }, expected: number | undefined, what: string): void {
  if (expected !== undefined && expected !== entity.version) {
    throw new ConflictException(
      `${what} was changed by someone else (version ${entity.version}, you sent ${expected}); reload it and try again`,
    );
  }
}
