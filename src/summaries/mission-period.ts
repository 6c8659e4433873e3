/** Offset of `zone` from UTC at `instant`, in milliseconds (positive east of Greenwich). */
function zoneOffsetMs(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a calendar date (YYYY-MM-DD) begins in `zone`. */
export function startOfDayInZone(date: string, zone: string): Date {
  return wallClockInZone(date, '00:00', zone);
}

/**
 * The instant the clocks of `zone` show `time` (HH:MM) on `date` (YYYY-MM-DD), with the zone's
 * offset of that moment (daylight saving time included) taken from the runtime's time zone data.
 */
export function wallClockInZone(date: string, time: string, zone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hours, minutes] = time.split(':').map(Number);
  const wallClock = Date.UTC(y, m - 1, d, hours, minutes);
  // Two passes: the offset at the first guess can differ from the offset at the answer when a
  // daylight-saving change falls between them.
  let instant = wallClock - zoneOffsetMs(wallClock, zone);
  instant = wallClock - zoneOffsetMs(instant, zone);
  return new Date(instant);
}

/**
 * The mission period as instants: from the start of startDate to the start of the day after
 * endDate, both in the mission's own time zone (end exclusive).
 */
export function missionPeriodBounds(startDate: string, endDate: string, zone: string): { start: Date; end: Date } {
  const [y, m, d] = endDate.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return { start: startOfDayInZone(startDate, zone), end: startOfDayInZone(next, zone) };
}
