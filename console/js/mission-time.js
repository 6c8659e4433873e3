// Mission time: on a mission's pages every time is shown and typed in the mission's own time zone,
// whatever the browser's, so "08:00 on election day" means 08:00 at the polling station. A
// coordinator may switch this tab to their own zone for a moment ("my time"). Offsets come from
// the browser's time zone data (Intl), never from a table of our own.
import { api } from './api.js';

const MY_TIME_KEY = 'eom.myTime';
const DAY = 86400000;
const missions = new Map(); // mission id -> Promise of { timezone, electionDate, startDate, endDate }: one request per mission
let mission = null; // the mission whose page is shown, or null off mission pages

export const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The mission's zone and days, fetched once per mission (the router awaits it before a page). */
export function missionTime(id) {
  const key = String(id);
  if (!missions.has(key)) {
    const loading = api.get(`/missions/${key}`).then(({ timezone, electionDate, startDate, endDate }) => ({ timezone, electionDate, startDate, endDate }));
    // A failed load (offline, 404) is not remembered: the next page tries again.
    loading.catch(() => missions.delete(key));
    missions.set(key, loading);
  }
  return missions.get(key);
}

/** The router says which mission is on screen (null: none); only the latest render calls this. */
export const setMission = (info) => (mission = info);

/** After a mission is edited its zone may have changed. */
export const forgetMission = (id) => missions.delete(String(id));

/** True when this tab shows the user's own zone instead of the mission's (remembered for the tab only). */
export const myTime = () => !!mission && sessionStorage.getItem(MY_TIME_KEY) === 'mine';

export function setMyTime(on) {
  if (on) sessionStorage.setItem(MY_TIME_KEY, 'mine');
  else sessionStorage.removeItem(MY_TIME_KEY);
}

/** The zone times are shown and typed in now: the mission's, or the browser's off mission pages and in "my time". */
export const zone = () => (mission && !myTime() ? mission.timezone : browserZone());

/** Asia/Baku -> Baku, America/Argentina/Buenos_Aires -> Buenos Aires. */
export const cityOf = (tz) => tz.split('/').pop().replace(/_/g, ' ');

// Building a DateTimeFormat is slow next to using one: keep one per zone and kind.
const formats = new Map();
function cachedFormat(tz, kind) {
  const key = `${kind} ${tz}`;
  if (!formats.has(key)) {
    const options =
      kind === 'offset'
        ? { timeZone: tz, timeZoneName: 'longOffset' }
        : { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' };
    formats.set(key, new Intl.DateTimeFormat('en-US', options));
  }
  return formats.get(key);
}

/** How far `tz`'s clocks are ahead of UTC at `instant` (ms since the epoch), in ms. */
export function offsetMs(instant, tz) {
  const parts = Object.fromEntries(cachedFormat(tz, 'parts').formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** "UTC+04:00" for Baku: Intl's own name of the offset (GMT+04:00, or GMT for zero) said as UTC. */
export function offsetLabel(instant, tz) {
  const name = cachedFormat(tz, 'offset').formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName').value;
  return name === 'GMT' ? 'UTC+00:00' : name.replace(/^GMT/, 'UTC');
}

/** The instant the zone's offset is named for in the header: election day (noon UTC), else now. */
export function referenceInstant() {
  const [y, m, d] = (mission?.electionDate ?? '').split('-').map(Number);
  return d ? Date.UTC(y, m - 1, d, 12) : Date.now();
}

const shiftsIn = new Map();
/**
 * True when `tz`'s offset changes during the mission's period (daylight saving): then every time
 * shown carries its own offset. Sampled every 12 hours, for at most about two years.
 */
export function offsetShifts(tz = zone()) {
  if (!mission) return false;
  const key = `${tz} ${mission.startDate} ${mission.endDate}`;
  if (!shiftsIn.has(key)) {
    const start = wallMs(mission.startDate);
    const end = Math.min(wallMs(mission.endDate) + DAY, start + 800 * DAY);
    const first = offsetMs(start, tz);
    let shifts = false;
    for (let at = start; at <= end && !shifts; at += DAY / 2) shifts = offsetMs(at, tz) !== first;
    shiftsIn.set(key, shifts);
  }
  return shiftsIn.get(key);
}

/** What the header names: the zone shown, its city, its offset on election day, and whether it is "my time". */
export function zoneInfo() {
  const tz = zone();
  return {
    zone: tz,
    city: cityOf(tz),
    offset: offsetLabel(referenceInstant(), tz),
    shifts: offsetShifts(tz),
    mine: myTime(),
    mission: !!mission,
    missionZone: mission?.timezone,
  };
}

/**
 * The instants at which `tz`'s clocks show the wall clock `w` (ms as if it were UTC): the offset a
 * day before and a day after give the two candidates; those whose offset round-trips are real.
 * None: the clocks skip `w` (spring forward). Two: they show it twice (fall back), earlier first.
 */
function instantsAt(w, tz) {
  const found = [w - offsetMs(w - DAY, tz), w - offsetMs(w + DAY, tz)].filter((c) => offsetMs(c, tz) === w - c);
  return [...new Set(found)].sort((a, b) => a - b);
}

function wallMs(local) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(local);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) : NaN;
}

/**
 * A typed wall clock (datetime-local's 2024-02-07T08:00) in `tz`: { instant, offset, ambiguous }
 * (an ambiguous time takes the earlier instant, the first occurrence), { gap: true } when the
 * clocks skip it, or { invalid: true }.
 */
export function fromWallClock(local, tz = zone()) {
  const w = wallMs(local);
  if (Number.isNaN(w)) return { invalid: true };
  const found = instantsAt(w, tz);
  if (!found.length) return { gap: true };
  return { instant: found[0], offset: offsetLabel(found[0], tz), ambiguous: found.length > 1 };
}

/** The datetime-local value (2024-02-07T08:00) for an instant, on `tz`'s clocks. */
export function toWallClock(iso, tz = zone()) {
  const instant = new Date(iso).getTime();
  return new Date(instant + offsetMs(instant, tz)).toISOString().slice(0, 16);
}

/** 2024-02-07T08:00:00+04:00: what the API is sent, the wall clock with the offset it was read at. */
export function isoWithOffset(instant, tz = zone()) {
  const off = offsetMs(instant, tz);
  const abs = Math.abs(off) / 60000;
  const sign = off < 0 ? '-' : '+';
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${new Date(instant + off).toISOString().slice(0, 19)}${sign}${hhmm}`;
}

/** When the day `date` (YYYY-MM-DD) begins in `tz`; a day whose midnight is skipped begins when the clocks jump. */
function dayStart(date, tz) {
  const w = wallMs(date);
  return instantsAt(w, tz)[0] ?? w - offsetMs(w - DAY, tz);
}

/**
 * Day filters for the API. In mission time they go as plain dates, which the server reads as the
 * mission's days; in "my time" as the instants the user's own days begin and end.
 */
export function dayRange({ from, to } = {}) {
  if (!myTime()) return { from, to };
  const tz = browserZone();
  const nextDay = (d) => new Date(wallMs(d) + DAY).toISOString().slice(0, 10);
  return {
    from: from ? new Date(dayStart(from, tz)).toISOString() : undefined,
    to: to ? new Date(dayStart(nextDay(to), tz) - 1).toISOString() : undefined,
  };
}
