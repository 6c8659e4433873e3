/** `n`'s last `width` digits, zero-padded, as TypeORM writes each field of an instant. */
function digits(n: number, width: number): string {
  return String(n).padStart(width, '0').slice(-width);
}

/**
 * An instant as TypeORM's SQLite driver stores a `datetime` column: UTC, `YYYY-MM-DD HH:MM:SS.mmm`.
 * SQLite has no date type, so rows written here compare equal (as text) with rows TypeORM saved only
 * if the text is the same; a spec checks it against the driver's own conversion.
 */
export function sqliteDatetime(date: Date): string {
  return (
    `${digits(date.getUTCFullYear(), 4)}-${digits(date.getUTCMonth() + 1, 2)}-${digits(date.getUTCDate(), 2)} ` +
    `${digits(date.getUTCHours(), 2)}:${digits(date.getUTCMinutes(), 2)}:${digits(date.getUTCSeconds(), 2)}` +
    `.${digits(date.getUTCMilliseconds(), 3)}`
  );
}

/** A value bound as TypeORM's SQLite driver stores it: instants as sqliteDatetime, booleans as 0/1. */
export function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return sqliteDatetime(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
