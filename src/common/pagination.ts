import { MAX_INT, QueryInteger } from './integer-fields';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
/** No list can hold more rows than ids can number. */
export const MAX_OFFSET = MAX_INT;

/** `limit` and `offset` of every list; resource filters extend this class. */
export class PaginationQueryDto {
  @QueryInteger(1, MAX_LIMIT, { default: DEFAULT_LIMIT })
  limit: number = DEFAULT_LIMIT;

  @QueryInteger(0, MAX_OFFSET, { default: 0 })
  offset: number = 0;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export function toPage<T>(items: T[], total: number, query: PaginationQueryDto): Page<T> {
  return { items, total, limit: query.limit, offset: query.offset };
}
