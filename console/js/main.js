// Boot, layout and the hash router. Hash routing keeps the server a plain static file server:
// every page is index.html, and a reload or a bookmark lands on the same view.
import { ApiError, can, session, whoAmI } from './api.js';
import { clear, h, nextId } from './dom.js';
import { LANGUAGES, language, loadLanguages, setLanguage, t } from './i18n.js';
import { cityOf, missionTime, setMission, setMyTime, zoneInfo } from './mission-time.js';
import { flush, onChange, pending, startRetrying } from './outbox.js';
import { alertBox, describeError } from './ui.js';
import { routes } from './routes.js';
import { setRenderer } from './nav.js';

const main = document.getElementById('main');
const top = document.getElementById('top');
const outboxBar = document.getElementById('outbox');
let outboxProblems = [];

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/missions';
  const [path, qs = ''] = raw.split('?');
  return { path, query: Object.fromEntries(new URLSearchParams(qs)) };
}

function match(path) {
  for (const [pattern, page] of routes) {
    const names = [];
    const re = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, n) => (names.push(n), '([^/]+)'))}$`);
    const m = path.match(re);
    if (m) return { page, params: Object.fromEntries(names.map((n, i) => [n, m[i + 1]])) };
  }
  return null;
}

/**
 * On a mission's pages, the zone every time is in, named once for the page, and the switch to the
 * user's own zone; "my time" is shown as a badge so nobody mistakes it for the mission's clocks.
 */
function zoneBar() {
  const info = zoneInfo();
  if (!info.mission) return null;
  const toggle = () => {
    setMyTime(!info.mine);
    render();
  };
  return h(
    'div',
    { class: `zone-bar${info.mine ? ' zone-mine' : ''}` },
    h('span', { class: 'zone-text', 'data-testid': info.mine ? 'my-time-badge' : 'mission-time' }, t(info.mine ? 'time.myZone' : 'time.missionZone', info)),
    info.shifts ? h('span', { class: 'zone-note' }, t('time.shifts')) : null,
    h('button', { type: 'button', 'data-testid': 'time-switch', on: { click: toggle } }, info.mine ? t('time.showMission', { city: cityOf(info.missionZone) }) : t('time.showMine')),
  );
}

function renderHeader(missionId) {
  const langId = nextId('lang');
  const langSelect = h(
    'select',
    { id: langId, 'data-testid': 'language' },
    LANGUAGES.map((l) => h('option', { value: l, selected: l === language() }, t(`languages.${l}`))),
  );
  langSelect.addEventListener('change', () => {
    setLanguage(langSelect.value);
    render();
  });
  const signedIn = !!session.token;
  const missionNav = missionId
    ? [
        ['', 'nav.dashboard'],
        can('observers.read') && ['/observers', 'nav.observers'],
        ['/teams', 'nav.teams'],
        ['/stations', 'nav.stations'],
        ['/deployments', 'nav.deployments'],
        ['/events', 'nav.events'],
        can('checks.read') && ['/review', 'nav.review'],
        can('summary.read') && ['/summary', 'nav.summary'],
      ].filter(Boolean)
    : [];
  const here = parseHash().path;
  const navLink = (href, key) => h('a', { href: `#${href}`, 'aria-current': here === href ? 'page' : undefined }, t(key));
  clear(top).append(
    h(
      'div',
      { class: 'bar' },
      h('a', { href: '#/missions', class: 'brand' }, t('app.title')),
      signedIn
        ? h('nav', { 'aria-label': t('nav.main') }, navLink('/missions', 'nav.missions'), missionNav.map(([p, k]) => navLink(`/m/${missionId}${p}`, k)))
        : null,
      h(
        'div',
        { class: 'bar-end' },
        h('label', { for: langId }, t('common.language')),
        langSelect,
        signedIn ? h('span', { class: 'role', 'data-testid': 'role' }, t(`roles.${session.role}`)) : null,
        signedIn ? h('button', { type: 'button', on: { click: signOut }, 'data-testid': 'sign-out' }, t('auth.signOut')) : null,
      ),
    ),
    signedIn ? zoneBar() : null,
  );
  document.getElementById('skip-link').textContent = t('common.skip');
}

function signOut() {
  session.clear();
  location.hash = '#/';
  render();
}

function signInPage() {
  const id = nextId('token');
  const alert = h('div', { 'aria-live': 'assertive' });
  const input = h('input', { id, type: 'password', autocomplete: 'off', required: true, 'data-testid': 'token' });
  const form = h(
    'form',
    { class: 'form narrow', 'data-testid': 'sign-in' },
    h('h1', { id: 'page-title', tabindex: '-1' }, t('auth.title')),
    h('p', {}, t('auth.intro')),
    h('div', { class: 'field' }, h('label', { for: id }, t('auth.token')), input, h('p', { class: 'hint' }, t('auth.tokenHint'))),
    alert,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('auth.signIn'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) return alert.replaceChildren(alertBox('error', t('auth.empty')));
    try {
      session.save(token, await whoAmI(token));
      render();
    } catch (error) {
      alert.replaceChildren(alertBox('error', error instanceof ApiError && error.status === 401 ? t('auth.refused') : describeError(error)));
    }
  });
  return form;
}

function renderOutbox() {
  const waiting = pending();
  clear(outboxBar);
  if (waiting.length) {
    outboxBar.append(
      alertBox(
        'warning',
        h('span', { 'data-testid': 'outbox-count' }, t('outbox.waiting', { count: waiting.length })),
        ' ',
        h('button', { type: 'button', 'data-testid': 'outbox-send', on: { click: sendNow } }, t('outbox.sendNow')),
      ),
    );
  }
  for (const { item, error } of outboxProblems) {
    outboxBar.append(alertBox('error', t('outbox.refused', { label: item.label ?? item.path }), ' ', describeError(error)));
  }
}

async function sendNow() {
  outboxProblems = await flush();
  renderOutbox();
  if (!pending().length && !outboxProblems.length) outboxBar.append(alertBox('success', h('span', { 'data-testid': 'outbox-sent' }, t('outbox.sent'))));
}

let renderToken = 0;
export async function render() {
  const mine = ++renderToken;
  const { path, query } = parseHash();
  const missionId = session.token ? path.match(/^\/m\/(\d+)/)?.[1] : undefined;
  renderOutbox();
  if (!session.token) {
    setMission(null);
    renderHeader();
    clear(main).append(signInPage());
    document.getElementById('page-title')?.focus();
    return;
  }
  const found = match(path);
  clear(main).append(h('p', { class: 'muted', role: 'status' }, t('common.loading')));
  main.setAttribute('aria-busy', 'true');
  let headed = false;
  try {
    // The mission's zone before its page: every time on it is shown and read in that zone.
    const info = missionId ? await missionTime(missionId) : null;
    if (mine !== renderToken) return;
    setMission(info);
    renderHeader(missionId);
    headed = true;
    const view = found ? await found.page({ ...found.params, query, path }) : h('h1', {}, t('errors.notFound'));
    if (mine !== renderToken) return;
    clear(main).append(view);
  } catch (error) {
    if (mine !== renderToken) return;
    if (!headed) {
      // The mission itself could not be read: its pages are not shown, so neither is a zone.
      setMission(null);
      renderHeader(missionId);
    }
    if (error instanceof ApiError && error.status === 401) {
      session.clear();
      return render();
    }
    clear(main).append(h('h1', { id: 'page-title', tabindex: '-1' }, t('errors.title')), alertBox('error', describeError(error)));
  }
  main.removeAttribute('aria-busy');
  document.getElementById('page-title')?.focus({ preventScroll: true });
}

setRenderer(render);

await loadLanguages();
onChange(renderOutbox);
startRetrying((failures) => {
  outboxProblems = failures;
  renderOutbox();
});
window.addEventListener('online', () => setTimeout(sendNow, 0));
window.addEventListener('hashchange', render);
render();
