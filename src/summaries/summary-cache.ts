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
 * Summaries computed before, per mission and filters, kept per process; the one used longest ago
 * goes first. A summary of a big mission takes most of a second of the server's CPU, and analysts'
 * pages ask for it again and again. Every change to a mission's data writes an audit entry with the
 * mission's id in the same transaction, so the mission's last audit entry (one index lookup, in the
 * summary's own snapshot) says whether a summary computed before is still the summary of now. On
 * PostgreSQL every instance checks the shared audit log, so none answers a summary older than the data.
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
  JSON.stringify([missionId, filters.from, filters.to, filters.region]);
