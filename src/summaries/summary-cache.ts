import { MissionSummary, StationPoint, SummaryFilters } from './summary.types';

/** Summaries kept at most; each is a few kilobytes (the map's stations: one point per station). */
const CACHE_ENTRIES = 64;

export interface CachedSummary {
  /** SummaryQueries.lastChange when it was computed: while it is the same, nothing has changed. */
  lastChange: number;
  summary: MissionSummary;
  stations?: StationPoint[];
}

/**
 * Summaries per mission and filters in this process, the one used longest ago dropped first: a big mission's takes
 * most of a second to compute. Every change writes an audit entry in its transaction, so while the mission's audit
 * log (read in the summary's snapshot, shared by all instances) shows no new entry, the kept summary is current.
 */
export class SummaryCache {
  private readonly entries = new Map<string, CachedSummary>();

  /** The summary kept for these filters if computed at `lastChange` (with the map when asked for). */
  find(missionId: number, filters: SummaryFilters, lastChange: number, withMap: boolean): CachedSummary | undefined {
    const hit = this.entries.get(cacheKey(missionId, filters));
    if (!hit || hit.lastChange !== lastChange || (withMap && !hit.stations)) return undefined;
    return this.keep(missionId, filters, hit);
  }

  keep(missionId: number, filters: SummaryFilters, entry: CachedSummary): CachedSummary {
    const key = cacheKey(missionId, filters);
    this.entries.delete(key);
    this.entries.set(key, entry);
    // Map order is insertion order: the first key is the one used longest ago.
    if (this.entries.size > CACHE_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}

const cacheKey = (missionId: number, filters: SummaryFilters) =>
  JSON.stringify([missionId, filters.from, filters.to, filters.region, filters.review]);
