/** Rows per INSERT/SELECT: well under the bound-parameter limits of SQLite and PostgreSQL. */
const BATCH = 200;

/** `items` in batches of at most `size`, one statement each. */
export function chunks<T>(items: T[], size = BATCH): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}
