import { Brackets, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Narrows `qb` to rows where any of `columns` contains `text`, whatever its case: LOWER() on both
 * sides, since LIKE ignores case on SQLite but not on PostgreSQL.
 */
export function whereAnyContains<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, columns: string[], text: string) {
  const q = likePattern(text);
  qb.andWhere(
    new Brackets((w) => columns.forEach((column) => w.orWhere(`LOWER(${column}) LIKE :q ESCAPE '\\'`, { q }))),
  );
}

/** Escapes LIKE wildcards so a search for "50%" finds that text and not everything. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
