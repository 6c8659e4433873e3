// Every visible string comes from i18n/<lang>.json; the user's choice is remembered in localStorage.

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

export function formatDateTime(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
