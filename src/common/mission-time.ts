import { isCalendarDate, isInstant, LOCAL_DATE_TIME } from './validators';
import { badRequestFromFieldErrors } from './validation';

/**
 * Mission time: wall clocks and calendar days of a mission's IANA time zone, turned into instants
 * and back with the runtime's time-zone data (Intl), daylight saving included. No offset tables.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's calendar fields at `instant`; one formatter per zone, as building one is slow. */
function wallClockParts(instant: number, zone: string) {
  let format = partsFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormats.set(zone, format);
  }
  const parts = format.formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** Offset of `zone` from UTC at `instant`, in milliseconds (positive east of Greenwich). */
export function zoneOffsetMs(instant: number, zone: string): number {
  const p = wallClockParts(instant, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
}

/** An offset as written in ISO 8601: +04:00, -05:00, +05:45. */
export function formatOffset(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / MINUTE);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${offsetMs < 0 ? '-' : '+'}${hh}:${mm}`;
}

/**
 * The instants at which the clocks of `zone` show the wall-clock time `wall` (its fields read as
 * if UTC, in ms): none in a daylight-saving gap, two when the clocks go back, else one. Earlier first.
 */
function instantsShowing(wall: number, zone: string): number[] {
  // A day either side has the offsets before and after any change near this time.
  const offsets = new Set([zoneOffsetMs(wall - DAY, zone), zoneOffsetMs(wall + DAY, zone)]);
  return [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => zoneOffsetMs(instant, zone) === wall - instant)
    .sort((a, b) => a - b);
}

/** Fields of a date (YYYY-MM-DD) and a time (HH:MM or HH:MM:SS, with optional fraction) as UTC ms. */
function wallClockMs(date: string, time: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const [hours, minutes, seconds = 0] = time.split(':').map(Number);
  return Date.UTC(y, m - 1, d, hours, minutes) + Math.round(seconds * 1000);
}

/**
 * The instant the clocks of `zone` show `time` on `date`; undefined when that time does not exist
 * there (skipped by a daylight-saving change). When it happens twice (clocks go back), the earlier.
 */
export function localTimeToInstant(date: string, time: string, zone: string): Date | undefined {
  const [first] = instantsShowing(wallClockMs(date, time), zone);
  return first === undefined ? undefined : new Date(first);
}

/**
 * As localTimeToInstant, but a time skipped by the clocks is read with the offset before the change,
 * i.e. as the moment the skipped hour ends: where midnight is skipped, the day starts at 01:00.
 */
export function wallClockInZone(date: string, time: string, zone: string): Date {
  const wall = wallClockMs(date, time);
  const [first] = instantsShowing(wall, zone);
  return new Date(first ?? wall - zoneOffsetMs(wall - DAY, zone));
}

/** The instant a calendar date (YYYY-MM-DD) begins in `zone`. */
export function startOfDayInZone(date: string, zone: string): Date {
  return wallClockInZone(date, '00:00', zone);
}

/** The calendar date after `date` (YYYY-MM-DD). */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/**
 * The mission period as instants: from the start of startDate to the start of the day after
 * endDate, both in the mission's own time zone (end exclusive).
 */
export function missionPeriodBounds(startDate: string, endDate: string, zone: string): { start: Date; end: Date } {
  return { start: startOfDayInZone(startDate, zone), end: startOfDayInZone(nextDate(endDate), zone) };
}

/** What the clocks of `zone` show at `instant`: date YYYY-MM-DD, time HH:MM, and the offset then. */
export function localParts(instant: Date | string, zone: string): { date: string; time: string; offset: string } {
  const ms = new Date(instant).getTime();
  const p = wallClockParts(ms, zone);
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${String(p.year).padStart(4, '0')}-${two(p.month)}-${two(p.day)}`,
    time: `${two(p.hour)}:${two(p.minute)}`,
    offset: formatOffset(zoneOffsetMs(ms, zone)),
  };
}

/** "Baku time" for Asia/Baku, "Buenos Aires time" for America/Argentina/Buenos_Aires, "UTC" for UTC. */
export function zoneName(zone: string): string {
  if (/^(Etc\/)?(UTC|UCT|GMT|Zulu|Universal)$/i.test(zone)) return 'UTC';
  const city = zone.split('/').pop()!.replace(/_/g, ' ');
  return `${city} time`;
}

/**
 * The zone named once for a table of times: "Baku time, UTC+04:00"; when the times shown fall on
 * both sides of a daylight-saving change, every offset they use ("New York time, UTC-05:00 and UTC-04:00").
 */
export function zoneCaption(zone: string, instants: (Date | string)[]): string {
  const offsets = [...new Set(instants.map((i) => localParts(i, zone).offset))];
  if (!offsets.length) offsets.push(localParts(new Date(), zone).offset);
  if (zoneName(zone) === 'UTC') return 'UTC';
  return `${zoneName(zone)}, ${offsets.map((o) => `UTC${o}`).join(' and ')}`;
}

/**
 * A date-time as people write it: with an offset, as written (2024-02-07T08:00:00+04:00); without
 * one, on the clocks of `zone` (2024-02-07T08:00 or 2024-02-07 08:00). Either the instant, or why not.
 */
export function readMissionTime(text: string, zone: string): { instant: Date } | { error: string } {
  if (isInstant(text)) return { instant: new Date(text) };
  const local = LOCAL_DATE_TIME.exec(text);
  if (!local || !isCalendarDate(local[1])) {
    return {
      error: `"${text}" is not a date-time such as 2024-02-07T08:00 (mission time) or 2024-02-07T08:00:00+04:00`,
    };
  }
  const instant = localTimeToInstant(local[1], local[2], zone);
  if (!instant) {
    return {
      error: `${local[1]} ${local[2].slice(0, 5)} does not exist in ${zone}: the clocks skip that hour (daylight saving)`,
    };
  }
  return { instant };
}

/** A `from` filter: an instant as written, or a plain date (YYYY-MM-DD): the start of that day in `zone`. */
export function rangeStart(value: string, zone: string): Date {
  return isCalendarDate(value) ? startOfDayInZone(value, zone) : new Date(value);
}

/**
 * A `to` filter that includes its end: an instant as written, or a plain date: that whole day in
 * `zone`, to its last millisecond (instants are kept to the millisecond).
 */
export function rangeEndInclusive(value: string, zone: string): Date {
  return isCalendarDate(value) ? new Date(startOfDayInZone(nextDate(value), zone).getTime() - 1) : new Date(value);
}

/** A `to` filter compared with "before": an instant as written, or a plain date: the start of the next day in `zone`. */
export function rangeEndExclusive(value: string, zone: string): Date {
  return isCalendarDate(value) ? startOfDayInZone(nextDate(value), zone) : new Date(value);
}

/**
 * A list's `from` and `to` filters as instants, plain dates read in the mission's `zone`. `to`
 * includes its end (events up to it) or excludes it (windows that start before it); a range that
 * ends before it starts is a 400 naming `to`.
 */
export function timeRange(
  query: { from?: string; to?: string },
  zone: string,
  end: 'inclusive' | 'exclusive',
): { from?: Date; to?: Date } {
  const from = query.from === undefined ? undefined : rangeStart(query.from, zone);
  const to =
    query.to === undefined
      ? undefined
      : end === 'inclusive'
        ? rangeEndInclusive(query.to, zone)
        : rangeEndExclusive(query.to, zone);
  if (from && to && (end === 'inclusive' ? to < from : to <= from)) {
    throw badRequestFromFieldErrors([
      { field: 'to', message: `to must ${end === 'inclusive' ? 'not be before' : 'be after'} from` },
    ]);
  }
  return { from, to };
}
