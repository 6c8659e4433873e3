import { DataSource } from 'typeorm';
import type { Reader } from '../write-set';
import { isScalarValue } from './insert-rows';
import { onPooledConnection } from './named-statements';

interface Waiting {
  params: unknown[];
  resolve: (rows: Record<string, unknown>[]) => void;
  reject: (reason: unknown) => void;
}

/** How a SQL text runs for several callers at once; null: it does not (each runs alone). */
interface BatchShape {
  text: string;
  /** How many parameters the SQL takes: a caller giving another number runs alone, and fails so. */
  params: number;
}

/**
 * SQL texts batched at most. The reads of deferred writes are a handful of texts; past this many,
 * something builds SQL per call, and a new text runs alone rather than keep a shape per text.
 */
const MAX_SHAPES = 64;

/** The result column that says which caller a row belongs to; taken off before the caller sees it. */
const CALLER = 'batch:caller';

/**
 * PostgreSQL: the reads of concurrent deferred writes, one statement per SQL text instead of one
 * per write. Reads asked for while the event loop handles one round of sockets are sent together
 * once it is done with them (setImmediate): N parameter sets travel as one array per parameter,
 * unpacked by unnest() WITH ORDINALITY, and the read runs once per set as a LATERAL subquery, so
 * each caller gets exactly the rows its own statement would have given, converted the same way.
 *
 * At 50 concurrent station visits each visit's read was a statement of its own: a pooled
 * connection, a write to PostgreSQL's socket and a wake-up of its backend, its answer parsed, and
 * for PostgreSQL a Bind and Execute with the executor's start and end. Together they are a few of
 * those per round (figures: docs/write-path.md).
 *
 * Only reads that can be told apart per caller are batched: parameters that are scalars (an array
 * or object would need an array of arrays), and no ORDER BY (a LATERAL subquery's order is kept in
 * practice, not by guarantee). The read's `$n` become the set's columns by a textual replace: SQL
 * of the code, with no `$n` inside a string literal. Should the batched statement fail, each read
 * runs alone, so that a caller gets its own error and the others their rows.
 */
export class PostgresReadBatches {
  private readonly waiting = new Map<string, Waiting[]>();
  private scheduled = false;
  /** Per SQL text: how it runs batched (its parameters' types asked of PostgreSQL once). */
  private readonly shapes = new Map<string, Promise<BatchShape | null>>();

  /** `single`: how one read runs (named statements on a pooled connection). */
  constructor(
    private readonly dataSource: DataSource,
    private readonly single: Reader,
  ) {}

  readonly read: Reader = (sql, params) => {
    if (!params.every(isScalarValue) || /\border\s+by\b/i.test(sql)) return this.single(sql, params);
    return new Promise((resolve, reject) => {
      let list = this.waiting.get(sql);
      if (!list) this.waiting.set(sql, (list = []));
      list.push({ params, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.send());
      }
    });
  };

  private send(): void {
    this.scheduled = false;
    const all = [...this.waiting];
    this.waiting.clear();
    for (const [sql, list] of all) {
      if (list.length === 1) void this.alone(sql, list[0]);
      else void this.together(sql, list);
    }
  }

  private async alone(sql: string, item: Waiting): Promise<void> {
    try {
      item.resolve(await this.single(sql, item.params));
    } catch (error) {
      item.reject(error);
    }
  }

  private async together(sql: string, list: Waiting[]): Promise<void> {
    let rows: Record<string, unknown>[];
    try {
      const shape = await this.shapeOf(sql);
      if (!shape || list.some((item) => item.params.length !== shape.params)) throw new Error('not batched');
      const arrays = Array.from({ length: shape.params }, (_, k) => list.map((item) => item.params[k] ?? null));
      rows = await this.single(shape.text, arrays);
    } catch {
      for (const item of list) void this.alone(sql, item);
      return;
    }
    const per: Record<string, unknown>[][] = list.map(() => []);
    for (const row of rows) {
      const own = per[Number(row[CALLER]) - 1];
      delete row[CALLER];
      own.push(row);
    }
    list.forEach((item, i) => item.resolve(per[i]));
  }

  private shapeOf(sql: string): Promise<BatchShape | null> {
    let shape = this.shapes.get(sql);
    if (!shape) {
      if (this.shapes.size >= MAX_SHAPES) return Promise.resolve(null);
      shape = this.describe(sql);
      // A failed probe (a broken connection, or SQL that fails alone too) is asked again next time.
      shape.catch(() => this.shapes.delete(sql));
      this.shapes.set(sql, shape);
    }
    return shape;
  }

  /**
   * Asks PostgreSQL for the types it infers for `sql`'s parameters (a PREPARE on a pooled
   * connection, read back and deallocated) and builds the batched text from them.
   */
  private async describe(sql: string): Promise<BatchShape | null> {
    const results = (await onPooledConnection(this.dataSource, async (client) => {
      try {
        return await client.query(
          `PREPARE "eom_batch_probe" AS ${sql}; ` +
            `SELECT "parameter_types"::text[] AS "types" FROM "pg_prepared_statements" WHERE "name" = 'eom_batch_probe'; ` +
            'DEALLOCATE "eom_batch_probe"',
        );
      } catch (error) {
        // The connection goes back to the pool: leave no probe on it, should the PREPARE have
        // gone through before a later statement failed.
        await client.query('DEALLOCATE "eom_batch_probe"').catch(() => undefined);
        throw error;
      }
    })) as { rows: { types: string[] }[] }[];
    const types = results[1].rows[0].types;
    if (types.length === 0) return null;
    const names = types.map((_, k) => `"p${k + 1}"`);
    const arrays = types.map((type, k) => `$${k + 1}::${type}[]`);
    const inner = sql.replace(/\$(\d+)/g, (_, n: string) => `"batch"."p${n}"`);
    return {
      params: types.length,
      text:
        `SELECT "batch"."caller" AS "${CALLER}", "read".* ` +
        `FROM unnest(${arrays.join(', ')}) WITH ORDINALITY AS "batch"(${names.join(', ')}, "caller") ` +
        `CROSS JOIN LATERAL (${inner}) AS "read"`,
    };
  }
}
