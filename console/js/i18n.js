// Every visible string comes from i18n/<lang>.json; the user's choice is remembered in localStorage.
import { offsetLabel, offsetShifts, referenceInstant, zone } from './mission-time.js';

export const LANGUAGES = ['en', 'ru'];
const STORAGE_KEY = 'eom.lang';
const dictionaries = {};
let current = 'en';

export async function loadLanguages() {
  await Promise.all(
    LANGUAGES.map(async (lang) => {
      const res = await fetch(`i18n/${lang}.json`);
      dictionaries[lang] = await res.json();
    }),
  );
  const saved = localStorage.getItem(STORAGE_KEY);
  const preferred = (navigator.language || 'en').slice(0, 2);
  setLanguage(LANGUAGES.includes(saved) ? saved : LANGUAGES.includes(preferred) ? preferred : 'en');
}

export function setLanguage(lang) {
  current = lang;
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  document.title = t('app.title');
}

export const language = () => current;

function lookup(dict, key) {
  return key.split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), dict);
}

/** A translated string with {name} placeholders filled; English, then the key itself, as fallbacks. */
export function t(key, params = {}) {
  const raw = lookup(dictionaries[current], key) ?? lookup(dictionaries.en, key);
  if (typeof raw !== 'string') return key;
  return raw.replace(/\{(\w+)\}/g, (_, name) => (params[name] ?? `{${name}}`).toString());
}

/** The label of an enum value (a role, a status...), or the value itself when there is none. */
export function tEnum(group, value) {
  if (value === null || value === undefined || value === '') return '';
  const raw = lookup(dictionaries[current], `enum.${group}.${value}`) ?? lookup(dictionaries.en, `enum.${group}.${value}`);
  return typeof raw === 'string' ? raw : String(value);
}

export function formatNumber(n) {
  return n === null || n === undefined ? '—' : new Intl.NumberFormat(current).format(n);
}

export function formatShare(n) {
  return n === null || n === undefined ? '—' : new Intl.NumberFormat(current, { style: 'percent', maximumFractionDigits: 1 }).format(n);
}

// One formatter per language and zone: building them is the slow part. 24-hour clock: a log of
// election day must not hinge on reading AM and PM right.
const formats = new Map();
function format(kind, tz) {
  const key = `${current} ${kind} ${tz}`;
  if (!formats.has(key)) {
    const style = kind === 'time' ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' };
    formats.set(key, new Intl.DateTimeFormat(current, { ...style, hourCycle: 'h23', timeZone: tz }));
  }
  return formats.get(key);
}

/**
 * A date and time on the clocks of the zone shown (the mission's, see mission-time.js). When the
 * zone's offset changes during the mission (daylight saving), or this time is at another offset
 * than the one the header names, it carries its offset, so 01:30 twice on the night the clocks go
 * back is never ambiguous; `bare` leaves it off.
 */
export function formatDateTime(iso, tz = zone(), { bare = false } = {}) {
  if (!iso) return '';
  const instant = new Date(iso).getTime();
  const text = format('datetime', tz).format(instant);
  if (bare) return text;
  const offset = offsetLabel(instant, tz);
  return offsetShifts(tz) || offset !== offsetLabel(referenceInstant(), tz) ? `${text} (${offset})` : text;
}

/** The time of day alone, on `tz`'s clocks. */
export const formatTime = (iso, tz = zone()) => format('time', tz).format(new Date(iso));
