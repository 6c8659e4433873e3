import { localParts, zoneCaption } from '../../common/mission-time';
import { STAGES, Stage } from '../../common/stages';
import { Counts, MissionSummary } from '../summary.types';

/** A share (0..1) as a percentage with one decimal, or "n/a" when there is nothing to divide by. */
export function percent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return 'n/a';
  return `${(share * 100).toFixed(1)}%`;
}

/** Thousands separated by commas whatever the server's locale, so figures read the same everywhere. */
export function count(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const ACRONYMS: Record<string, string> = { sto: 'STO', lto: 'LTO', eom: 'EOM' };

/** "press_conference" -> "Press conference"; observer roles keep their usual acronyms. */
export function label(code: string): string {
  if (ACRONYMS[code]) return ACRONYMS[code];
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Largest first, then by name, so tables and charts read from the most to the least common. */
export function sortedCounts(counts: Counts): [string, number][] {
  return Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Stages with at least one report; a summary before election day shows none of the empty ones. */
export function reportedStages(summary: MissionSummary): Stage[] {
  return STAGES.filter((stage) => summary.assessments[stage].reports > 0);
}

export function filtersText(filters: { from?: string; to?: string; region?: string }): string {
  const parts: string[] = [];
  if (filters.region !== undefined) parts.push(`region ${filters.region}`);
  if (filters.from) parts.push(`from ${filters.from}`);
  if (filters.to) parts.push(`to ${filters.to}`);
  return parts.length ? parts.join(', ') : 'none (whole mission)';
}

/**
 * Times of one table on the mission's clocks: `caption` names the zone once ("Baku time,
 * UTC+04:00"), `show` writes a time as "2024-02-06 11:00", with its offset only when the table's
 * times fall on both sides of a daylight-saving change.
 */
export function missionClock(zone: string, instants: string[]): { caption: string; show: (instant: string) => string } {
  const offsets = new Set(instants.map((i) => localParts(i, zone).offset));
  return {
    caption: zoneCaption(zone, instants),
    show: (instant) => {
      const p = localParts(instant, zone);
      return `${p.date} ${p.time}${offsets.size > 1 ? ` (UTC${p.offset})` : ''}`;
    },
  };
}

/** "2024-02-08 10:00 Baku time, UTC+04:00": when the page was made, on the mission's clocks. */
export function generatedText(zone: string, generatedAt: string): string {
  const clock = missionClock(zone, [generatedAt]);
  return `${clock.show(generatedAt)} ${clock.caption}`;
}

/** Which reports the figures count, and how many the rule left out. */
export function reviewText(review: MissionSummary['review']): string {
  const n = review.reportsLeftOut;
  const reports = `${count(n)} report${n === 1 ? '' : 's'}`;
  switch (review.rule) {
    case 'accepted':
      return `Reports counted: accepted ones only (${reports} not accepted left out).`;
    case 'all':
      return 'Reports counted: all of them, whatever their review.';
    default:
      return `Reports counted: all but rejected ones (${reports} rejected left out).`;
  }
}

export const DIMENSIONS = {
  observers: [
    ['byRole', 'Role'],
    ['byNationality', 'Nationality'],
    ['byGender', 'Gender'],
    ['byAccreditation', 'Accreditation'],
  ],
  stations: [
    ['byRegion', 'Region'],
    ['byType', 'Type'],
    ['byTag', 'Tag'],
  ],
  incidents: [
    ['byCategory', 'Category'],
    ['bySeverity', 'Severity'],
    ['byStatus', 'Status'],
    ['byRegion', 'Region'],
  ],
} as const;
