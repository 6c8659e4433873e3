import { EntityManager } from 'typeorm';
import { insertRows, valuesList } from '../bulk-insert';
import type { InsertGroup } from '../write-set';

/** Bound parameters of one PostgreSQL statement at most (the protocol allows 65535). */
export const PG_STATEMENT_PARAMS = 30_000;

/**
 * Every table's rows in ONE statement, one round trip, the first tables' INSERTs as data-modifying
 * WITH clauses. Foreign keys are checked at the end of the statement, so the order inside it does
 * not matter. Sets too large for one statement's parameters go in parts.
 *
 * A table's rows travel as one array per column, unpacked by unnest(): the statement's text stays
 * a few hundred characters whatever the number of rows, where a VALUES list has a parameter per
 * value (about 120 per visit) for PostgreSQL to parse and plan afresh on every commit.
 */
export async function insertInOneStatement(em: EntityManager, groups: readonly InsertGroup[]): Promise<void> {
  const parts: string[] = [];
  let params: unknown[] = [];
  let values = 0;
  const run = async () => {
    if (!parts.length) return;
    const withs = parts.slice(0, -1).map((sql, i) => `"w${i}" AS (${sql})`);
    await em.query(`${withs.length ? `WITH ${withs.join(', ')} ` : ''}${parts.at(-1)}`, params);
    parts.length = 0;
    params = [];
    values = 0;
  };
  for (const group of groups) {
    const size = group.rows.length * group.columns.length;
    if (size > PG_STATEMENT_PARAMS) {
      await insertRows(em, group.table, group.columns, group.rows, { ids: false });
      continue;
    }
    if (values + size > PG_STATEMENT_PARAMS) await run();
    values += size;
    const names = group.columns.map((c) => `"${c}"`).join(', ');
    const arrays = group.rows.every((row) => row.every(isScalarValue))
      ? columnArrays(group, await columnTypes(em, group.table))
      : null;
    if (arrays) {
      const casts = arrays.map(({ values: column, type }) => {
        params.push(column);
        return `$${params.length}::${type}[]`;
      });
      parts.push(`INSERT INTO "${group.table}" (${names}) SELECT * FROM unnest(${casts.join(', ')})`);
    } else {
      parts.push(`INSERT INTO "${group.table}" (${names}) VALUES ${valuesList(group.rows, params, true)}`);
    }
  }
  await run();
}

/**
 * A value node-postgres sends as one element of an array parameter as it would alone: a scalar, a
 * date or null (a nested array or a buffer would become something else inside an array).
 */
export function isScalarValue(value: unknown): boolean {
  return value === null || value === undefined || typeof value !== 'object' || value instanceof Date;
}

/** The group's values column by column, with each column's type as unnest() needs it; null if one is unknown. */
function columnArrays(
  group: InsertGroup,
  types: ReadonlyMap<string, string>,
): { values: unknown[]; type: string }[] | null {
  const arrays: { values: unknown[]; type: string }[] = [];
  for (const [i, column] of group.columns.entries()) {
    const type = types.get(column);
    if (!type) return null;
    arrays.push({ values: group.rows.map((row) => row[i] ?? null), type });
  }
  return arrays;
}

/** Per DataSource and table: each column's type name, read once from the catalog (the schema is migrated at start). */
const typesByDataSource = new WeakMap<object, Map<string, Promise<Map<string, string>>>>();

function columnTypes(em: EntityManager, table: string): Promise<Map<string, string>> {
  let tables = typesByDataSource.get(em.connection);
  if (!tables) {
    tables = new Map();
    typesByDataSource.set(em.connection, tables);
  }
  let types = tables.get(table);
  if (!types) {
    types = em
      .query(
        `SELECT a."attname" AS "name", format_type(a."atttypid", NULL) AS "type" FROM "pg_attribute" a
         WHERE a."attrelid" = $1::regclass AND a."attnum" > 0 AND NOT a."attisdropped"`,
        [`"${table}"`],
      )
      .then((rows: { name: string; type: string }[]) => new Map(rows.map((r) => [r.name, r.type])));
    // A failed read (the transaction broke) is tried again by the next flush.
    types.catch(() => tables.delete(table));
    tables.set(table, types);
  }
  return types;
}
