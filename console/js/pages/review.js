// The review queue (issue 23): the reports waiting for a coordinator's decision, those that fail a
// quality check first, each with its flags; the selected report in full beside the list, and the
// reports of the same station and stage that disagree with it side by side. Decisions by button or
// by key (j/k to move, a/f/r/u to decide). Analysts see the same page without the decisions.
import { ApiError, api, can } from '../api.js';
import { h, nextId } from '../dom.js';
import { STAGES } from '../enums.js';
import { formatDateTime, formatNumber, t, tEnum } from '../i18n.js';
import { refresh } from '../nav.js';
import { alertBox, describeError, enumOptions, filterForm, pageHeader, pager } from '../ui.js';

const LIMIT = 25;
/** The hash's query keys the queue is filtered by, named as the API names them. */
const FILTERS = ['checkId', 'region', 'teamId', 'stage', 'reviewState'];
/** The state filter: empty is the API's default, reports still waiting (unreviewed or flagged). */
const STATE_CHOICES = ['flagged', 'rejected', 'accepted'];
const KEY_DECISIONS = { a: 'accepted', f: 'flagged', r: 'rejected', u: 'unreviewed' };
const NEEDS_NOTE = new Set(['flagged', 'rejected']);
const RECHECK_POLL_MS = 2000;

// One keydown listener for the app's lifetime; the review page on screen plugs its handler in.
let keyHandler = null;
document.addEventListener('keydown', (event) => keyHandler?.(event));

const bySeverity = (a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1);
const flagsOf = (event) => [...(event.flags ?? [])].sort(bySeverity);

function flagBadge(flag) {
  return h(
    'span',
    { class: `flag flag-${flag.severity}`, 'data-testid': `flag-${flag.checkId}`, 'data-severity': flag.severity },
    h('span', { class: 'sr-only' }, `${t(`review.severity_${flag.severity}`)}: `),
    flag.name,
  );
}

const stateBadge = (event) =>
  h('span', { class: `state state-${event.reviewState}`, 'data-testid': 'review-state' }, tEnum('reviewState', event.reviewState));

/** The queue's "stage or incident" column. */
const whatOf = (event) => (event.type === 'incident' ? `${tEnum('eventType', 'incident')}: ${tEnum('category', event.category)}` : tEnum('stage', event.stage));

const stationText = (station) => (station ? `${station.code} — ${station.name}` : t('review.noStation'));

function answerText(question, value) {
  if (value === null || value === undefined || value === '') return h('span', { class: 'muted' }, t('common.notAnswered'));
  if (typeof value === 'boolean') return tEnum('answer', value ? 'yes' : 'no');
  if (typeof value === 'number') return formatNumber(value);
  if (question && (question.type === 'yes_no' || question.type === 'yes_no_partial')) return tEnum('answer', value);
  return String(value);
}

const orNone = (text) => (text === '' || text === null || text === undefined ? h('span', { class: 'muted' }, '—') : text);

/** A definition list's rows from [label, value] pairs, the empty ones left out. */
const rowsOf = (pairs) => pairs.filter(Boolean).map(([label, value]) => h('div', { class: 'meta-row' }, h('dt', {}, label), h('dd', {}, value)));

/** The key hint: which keys do what on this page. */
function keysHint(reviewer) {
  const keys = [
    [['j', '↓'], 'review.key_next'],
    [['k', '↑'], 'review.key_previous'],
    ...(reviewer
      ? [
          [['a'], 'review.key_accept'],
          [['f'], 'review.key_flag'],
          [['r'], 'review.key_reject'],
          [['u'], 'review.key_restore'],
          [['/'], 'review.key_note'],
          [['Esc'], 'review.key_escape'],
        ]
      : []),
  ];
  return h(
    'p',
    { class: 'keys', 'data-testid': 'keys-hint' },
    h('span', { class: 'keys-title' }, t('review.keys')),
    keys.map(([names, label]) =>
      h('span', { class: 'key' }, names.map((n, i) => [i ? ` ${t('review.or')} ` : '', h('kbd', {}, n)]), ' ', t(label)),
    ),
  );
}

export async function reviewPage({ id, query }) {
  const base = `/m/${id}/review`;
  const reviewer = can('reports.review');
  const filters = Object.fromEntries(FILTERS.map((key) => [key, query[key]]).filter(([, value]) => value));
  const offset = Number(query.offset) || 0;
  const [queue, checks, teams, templates, observers] = await Promise.all([
    api.get(`/missions/${id}/review-queue`, { ...filters, limit: LIMIT, offset }),
    loadChecks(id),
    api.get(`/missions/${id}/teams`, { limit: 500 }).then((p) => p.items),
    api.get(`/missions/${id}/checklists`, { limit: 50 }).then((p) => p.items),
    can('observers.read') ? api.get(`/missions/${id}/observers`, { limit: 500 }).then((p) => p.items) : [],
  ]);
  const items = queue.items;
  const questionsOf = (stage) => templates.find((x) => x.stage === stage)?.questions ?? [];
  const observerNames = (ids) => (ids ?? []).map((oid) => observers.find((o) => o.id === oid)?.fullName ?? `#${oid}`).join(', ');

  const root = h('section', { class: 'review' });
  const status = h('div', { class: 'review-status', role: 'status', 'aria-live': 'polite', 'data-testid': 'review-status' });
  const queueHeadingId = nextId('queue');
  const list = h('ul', {
    class: 'rq-list',
    role: 'listbox',
    tabindex: '0',
    'aria-labelledby': queueHeadingId,
    'data-testid': 'review-queue',
  });
  const detail = h('section', { class: 'rv-detail', 'data-testid': 'review-detail' });
  const events = new Map(); // conflicting reports read for the side-by-side view, by id
  const drafts = new Map(); // notes typed and not yet sent, by report id
  let index = Math.max(0, items.findIndex((x) => String(x.event.id) === String(query.event ?? '')));
  let opened = null; // a report opened from the side-by-side view that is not on this page of the queue
  let pending = null; // a decision that waits for its note (r or f pressed with the note empty)
  let message = null; // an alert for the report shown (409), kept until another is selected
  let busy = false;

  const selected = () => opened ?? items[index] ?? null;
  const optionId = (eventId) => `rq-${eventId}`;

  function option(item) {
    const e = item.event;
    const flags = flagsOf(e);
    return h(
      'li',
      {
        role: 'option',
        id: optionId(e.id),
        class: 'rq-item',
        'aria-selected': 'false',
        'data-testid': `queue-item-${e.id}`,
        'data-event-id': e.id,
        on: { click: () => select(items.indexOf(item), { focus: true, reveal: true }) },
      },
      h(
        'div',
        { class: 'rq-head' },
        h('time', { datetime: e.occurredAt }, formatDateTime(e.occurredAt)),
        h('span', { class: 'rq-what' }, whatOf(e)),
        stateBadge(e),
      ),
      h('div', { class: 'rq-station' }, stationText(item.station)),
      flags.length ? h('div', { class: 'rq-flags' }, flags.map(flagBadge)) : null,
      h('div', { class: 'rq-title' }, e.title),
      item.conflicts?.length ? h('div', { class: 'rq-conflicts' }, t('review.disagrees', { count: item.conflicts.length })) : null,
    );
  }

  /** Re-draws one row after a decision (its state) or a reload (anything). */
  function redrawOption(item) {
    const old = list.querySelector(`#${optionId(item.event.id)}`);
    if (!old) return;
    const fresh = option(item);
    fresh.setAttribute('aria-selected', old.getAttribute('aria-selected'));
    old.replaceWith(fresh);
  }

  /** Remembers the selection in the hash without a new render (replaceState fires no hashchange). */
  function remember(eventId) {
    const params = new URLSearchParams({ ...query, event: eventId });
    history.replaceState(history.state, '', `#${base}?${params}`);
  }

  function select(i, { focus = false, reveal = false } = {}) {
    if (!items.length) return;
    index = Math.min(Math.max(i, 0), items.length - 1);
    opened = null;
    pending = null;
    message = null;
    const item = items[index];
    for (const el of list.children) el.setAttribute('aria-selected', String(el.id === optionId(item.event.id)));
    list.setAttribute('aria-activedescendant', optionId(item.event.id));
    if (focus) list.focus({ preventScroll: true });
    list.querySelector(`#${optionId(item.event.id)}`)?.scrollIntoView({ block: 'nearest' });
    remember(item.event.id);
    renderDetail();
    // The report's top in sight: on a phone it is below the list, on a desktop it may be scrolled past.
    const top = detail.getBoundingClientRect().top;
    if ((reveal && window.matchMedia('(max-width: 62rem)').matches) || top < 0) detail.scrollIntoView({ block: 'start' });
  }

  /** A report of the side-by-side view: selected in the queue when it is on this page, else shown alone. */
  function openReport(event, item) {
    const at = items.findIndex((x) => x.event.id === event.id);
    if (at >= 0) return select(at, { focus: true });
    opened = { event, station: item.station, conflicts: [item.event.id, ...item.conflicts.filter((c) => c !== event.id)] };
    pending = null;
    message = null;
    for (const el of list.children) el.setAttribute('aria-selected', 'false');
    list.removeAttribute('aria-activedescendant');
    renderDetail();
    detail.querySelector('h2')?.focus();
  }

  function metaOf(item) {
    const e = item.event;
    const visit = e.type === 'station_visit';
    return h(
      'dl',
      { class: 'meta', 'data-testid': 'report-fields' },
      rowsOf([
        [t('fields.type'), tEnum('eventType', e.type)],
        visit && [t('fields.stage'), tEnum('stage', e.stage)],
        [t('fields.occurredAt'), h('time', { datetime: e.occurredAt }, formatDateTime(e.occurredAt))],
        [t('fields.station'), item.station ? `${stationText(item.station)}${item.station.region ? ` (${item.station.region})` : ''}` : orNone('')],
        [t('fields.observers'), orNone(observerNames(e.observerIds))],
        visit && [t('fields.overallAssessment'), orNone(tEnum('assessment', e.overallAssessment))],
        visit && [t('fields.votersVoted'), e.votersVoted === null || e.votersVoted === undefined ? orNone('') : formatNumber(e.votersVoted)],
        !visit && [t('fields.category'), orNone(tEnum('category', e.category))],
        !visit && [t('fields.severity'), orNone(tEnum('severity', e.severity))],
        !visit && [t('fields.incidentStatus'), orNone(tEnum('incidentStatus', e.status))],
        e.description && [t('fields.description'), h('span', { class: 'prose' }, e.description)],
      ]),
    );
  }

  function flagsSection(e) {
    const flags = flagsOf(e);
    return h(
      'div',
      { class: 'rv-block', 'data-testid': 'report-flags' },
      h('h3', {}, t('review.flagsTitle')),
      flags.length ? h('ul', { class: 'flag-list' }, flags.map((f) => h('li', {}, flagBadge(f)))) : h('p', { class: 'muted' }, t('review.noFlags')),
    );
  }

  function reviewSection(e) {
    return h(
      'div',
      { class: 'rv-block', 'data-testid': 'report-review' },
      h('h3', {}, t('review.reviewTitle')),
      h(
        'p',
        { class: 'rv-state' },
        stateBadge(e),
        e.reviewedAt ? h('span', { class: 'muted' }, ' ', t('review.decidedAt', { time: formatDateTime(e.reviewedAt) })) : null,
      ),
      e.reviewNote
        ? h('blockquote', { class: 'rv-note', 'data-testid': 'last-note' }, h('span', { class: 'rv-note-label' }, t('review.lastNote')), ' ', e.reviewNote)
        : null,
    );
  }

  function decisionForm(item) {
    const e = item.event;
    const noteId = nextId('note');
    const headingId = nextId('decide');
    const prompt = h('p', { class: `hint${pending ? ' rv-prompt' : ''}`, id: `${noteId}-prompt`, 'data-testid': 'note-prompt' }, pending ? t(`review.prompt_${pending}`) : t('review.noteHint'));
    const error = h('p', { class: 'field-error', id: `${noteId}-error`, 'data-testid': 'note-error' });
    const note = h('textarea', {
      id: noteId,
      name: 'note',
      rows: 3,
      maxlength: 2000,
      'aria-describedby': `${noteId}-prompt ${noteId}-error`,
      'data-testid': 'review-note',
    });
    note.value = drafts.get(e.id) ?? '';
    note.addEventListener('input', () => {
      drafts.set(e.id, note.value);
      if (error.textContent) {
        error.textContent = '';
        note.removeAttribute('aria-invalid');
      }
    });
    const button = (state, label, key, extra = {}) =>
      h(
        'button',
        { type: 'button', 'data-testid': `decide-${state}`, 'aria-keyshortcuts': key, on: { click: () => decide(state) }, ...extra },
        t(label),
        ' ',
        h('kbd', { 'aria-hidden': 'true' }, key),
      );
    return h(
      'div',
      { class: 'rv-block rv-decide', role: 'group', 'aria-labelledby': headingId, 'data-testid': 'decision' },
      h('h3', { id: headingId }, t('review.decision')),
      h('div', { class: 'field' }, h('label', { for: noteId }, t('review.note')), note, prompt, error),
      h('div', { class: 'rv-alert', 'data-testid': 'decision-alert' }, message ? alertBox('error', message) : null),
      h(
        'div',
        { class: 'actions' },
        button('accepted', 'review.accept', 'a', { class: 'primary' }),
        button('flagged', 'review.flag', 'f'),
        button('rejected', 'review.reject', 'r', { class: 'danger' }),
        e.reviewState === 'rejected' ? button('unreviewed', 'review.restore', 'u') : null,
      ),
    );
  }

  /** The answers given, in the checklist's order; the questions left unanswered folded away below them. */
  function answersSection(e) {
    const questions = questionsOf(e.stage);
    const known = new Set(questions.map((q) => q.code));
    const given = (code) => !['', null, undefined].includes(e.answers?.[code]);
    const extra = Object.keys(e.answers ?? {}).filter((code) => !known.has(code) && given(code));
    if (e.type !== 'station_visit' && !extra.length) return null;
    const answered = questions.filter((q) => given(q.code));
    const unanswered = questions.filter((q) => !given(q.code));
    return h(
      'div',
      { class: 'rv-block', 'data-testid': 'report-answers' },
      h('h3', {}, t('review.answers')),
      answered.length || extra.length
        ? h('dl', { class: 'answers' }, rowsOf([...answered.map((q) => [q.text, answerText(q, e.answers[q.code])]), ...extra.map((code) => [code, answerText(null, e.answers[code])])]))
        : h('p', { class: 'muted' }, t('review.noAnswers')),
      unanswered.length
        ? h(
            'details',
            { class: 'unanswered' },
            h('summary', {}, t('review.unanswered', { count: unanswered.length })),
            h('ul', {}, unanswered.map((q) => h('li', {}, q.text))),
          )
        : null,
    );
  }

  /**
   * The rows compared: the reports' own fields, then the answers in the checklist's order. A
   * question no report answered is left out (and counted), so what differs is not lost among them.
   */
  function compareRows(reports) {
    const rows = [];
    const empty = (v) => v === '' || v === null || v === undefined || (Array.isArray(v) && !v.length);
    const add = (key, label, raw, show, { compare = true } = {}) => {
      const values = reports.map(raw);
      if (values.every(empty)) return false;
      const differs = compare && new Set(values.map((v) => JSON.stringify(empty(v) ? null : v))).size > 1;
      rows.push({ key, label, cells: values.map(show), differs });
      return true;
    };
    add('occurredAt', t('fields.occurredAt'), (r) => r.occurredAt, (v) => formatDateTime(v), { compare: false });
    add('observers', t('fields.observers'), (r) => r.observerIds, (v) => orNone(observerNames(v)), { compare: false });
    if (reports.some((r) => r.type === 'station_visit')) {
      add('overallAssessment', t('fields.overallAssessment'), (r) => r.overallAssessment, (v) => orNone(tEnum('assessment', v)));
      add('votersVoted', t('fields.votersVoted'), (r) => r.votersVoted, (v) => (v === null || v === undefined ? orNone('') : formatNumber(v)));
    }
    if (reports.some((r) => r.type === 'incident')) {
      add('category', t('fields.category'), (r) => r.category, (v) => orNone(tEnum('category', v)));
      add('severity', t('fields.severity'), (r) => r.severity, (v) => orNone(tEnum('severity', v)));
    }
    const questions = questionsOf(reports[0].stage);
    const codes = [...questions.map((q) => q.code)];
    for (const r of reports) for (const code of Object.keys(r.answers ?? {})) if (!codes.includes(code)) codes.push(code);
    let unanswered = 0;
    for (const code of codes) {
      const q = questions.find((x) => x.code === code);
      if (!add(`answers.${code}`, q?.text ?? code, (r) => r.answers?.[code], (v) => answerText(q, v))) unanswered++;
    }
    add('description', t('fields.description'), (r) => r.description, (v) => orNone(v ? h('span', { class: 'prose' }, v) : ''), { compare: false });
    return { rows, unanswered };
  }

  function compareGrid(item, others) {
    const reports = [item.event, ...others];
    const { rows, unanswered } = compareRows(reports);
    const grid = h('div', { class: 'compare', 'data-testid': 'compare-grid' });
    grid.style.setProperty('--cols', String(reports.length));
    grid.style.setProperty('--col-span', String(rows.length + 1));
    grid.style.setProperty('--row-span', String(rows.length));
    reports.forEach((r, i) => {
      const headingId = nextId('cmp');
      grid.append(
        h(
          'section',
          { class: `cmp-col${i === 0 ? ' cmp-this' : ''}`, 'aria-labelledby': headingId, 'data-testid': `compare-${r.id}` },
          h(
            'div',
            { class: 'cmp-head' },
            h('h4', { id: headingId }, i === 0 ? t('review.thisReport', { id: r.id }) : t('review.otherReport', { id: r.id })),
            h('p', { class: 'cmp-title' }, r.title),
            h('p', { class: 'cmp-state' }, stateBadge(r), ' ', flagsOf(r).map(flagBadge)),
            i > 0 ? h('button', { type: 'button', class: 'small', 'data-testid': `open-${r.id}`, on: { click: () => openReport(r, item) } }, t('review.open')) : null,
          ),
          h(
            'dl',
            { class: 'cmp-fields' },
            rows.map((row) =>
              h(
                'div',
                { class: `cmp-row${row.differs ? ' differs' : ''}`, 'data-field': row.key },
                h('dt', {}, row.label),
                h('dd', {}, row.cells[i], row.differs ? h('span', { class: 'differs-tag' }, t('review.differs')) : null),
              ),
            ),
          ),
        ),
      );
    });
    // Many columns scroll sideways in their own region on a wide screen; a phone stacks them.
    return [
      h('div', { class: 'compare-wrap', role: 'region', tabindex: '0', 'aria-label': t('review.compareLabel') }, grid),
      unanswered ? h('p', { class: 'hint' }, t('review.unansweredLeftOut', { count: unanswered })) : null,
    ];
  }

  function conflictsSection(item) {
    const headingId = nextId('conflicts');
    const body = h('div', {}, h('p', { class: 'muted', role: 'status' }, t('common.loading')));
    const box = h(
      'div',
      { class: 'rv-block rv-conflicts', role: 'group', 'aria-labelledby': headingId, 'data-testid': 'conflicts' },
      h('h3', { id: headingId }, t('review.conflictsTitle', { count: item.conflicts.length })),
      h('p', { class: 'hint' }, t('review.conflictsHint')),
      body,
    );
    // A report on this page of the queue is read from it (as fresh as the last decision), others once.
    const read = (cid) =>
      items.find((x) => x.event.id === cid)?.event ?? events.get(cid) ?? api.get(`/missions/${id}/events/${cid}`).then((e) => (events.set(cid, e), e));
    Promise.all(item.conflicts.map(read))
      .then((others) => {
        if (box.isConnected) body.replaceChildren(...compareGrid(item, others).filter(Boolean));
      })
      .catch((error) => {
        if (box.isConnected) body.replaceChildren(alertBox('error', describeError(error)));
      });
    return box;
  }

  function renderDetail() {
    const item = selected();
    if (!item) {
      detail.replaceChildren(h('p', { class: 'muted' }, t('review.nothingSelected')));
      return;
    }
    const e = item.event;
    const headingId = nextId('report');
    detail.setAttribute('aria-labelledby', headingId);
    detail.replaceChildren(
      h(
        'div',
        { class: 'rv-title' },
        h('p', { class: 'rv-kicker' }, t('review.reportNumber', { id: e.id }), opened ? ` · ${t('review.notOnPage')}` : ''),
        h('h2', { id: headingId, tabindex: '-1' }, e.title),
      ),
      metaOf(item),
      flagsSection(e),
      reviewSection(e),
      reviewer ? decisionForm(item) : null,
      // With disagreeing reports, its answers are the first column of the side-by-side view.
      item.conflicts?.length ? conflictsSection(item) : answersSection(e),
    );
  }

  const noteField = () => detail.querySelector('textarea[name="note"]');

  function showNoteError(text) {
    const note = noteField();
    if (!note) return;
    const slot = detail.querySelector('[data-testid="note-error"]');
    slot.textContent = text;
    note.setAttribute('aria-invalid', 'true');
    note.focus();
  }

  function setBusy(on) {
    busy = on;
    detail.querySelectorAll('[data-testid^="decide-"]').forEach((b) => (b.disabled = on));
  }

  async function decide(state) {
    const item = selected();
    if (!reviewer || busy || !item) return;
    const e = item.event;
    if (state === 'unreviewed' && e.reviewState !== 'rejected') {
      status.textContent = t('review.restoreOnlyRejected');
      return;
    }
    const note = noteField();
    const text = note?.value.trim() ?? '';
    if (NEEDS_NOTE.has(state) && !text) {
      // Say why first: the note takes the focus and Enter sends the decision.
      pending = state;
      const prompt = detail.querySelector('[data-testid="note-prompt"]');
      prompt.textContent = t(`review.prompt_${state}`);
      prompt.classList.add('rv-prompt');
      note.focus();
      return;
    }
    setBusy(true);
    try {
      const updated = await api.post(`/missions/${id}/events/${e.id}/review`, { state, note: text || undefined, version: e.version });
      item.event = { ...e, ...updated, flags: updated.flags ?? e.flags };
      if (events.has(e.id)) events.set(e.id, item.event);
      drafts.delete(e.id);
      pending = null;
      status.textContent = t(`review.done_${state}`, { title: e.title });
      redrawOption(item);
      if (!opened && index < items.length - 1) select(index + 1, { focus: true });
      else {
        renderDetail();
        list.focus({ preventScroll: true });
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.fieldErrors.some((f) => f.field === 'note')) {
        showNoteError(error.fieldErrors.filter((f) => f.field === 'note').map((f) => f.message).join(' '));
      } else if (error instanceof ApiError && error.status === 409) {
        // Someone else decided (or the observer edited it) since this page was read: read it again.
        await reload(item);
        message = t('review.changed');
        renderDetail();
        detail.querySelector('[data-testid="decision-alert"]')?.scrollIntoView({ block: 'nearest' });
      } else {
        message = describeError(error);
        renderDetail();
      }
    } finally {
      setBusy(false);
    }
  }

  async function reload(item) {
    try {
      const fresh = await api.get(`/missions/${id}/events/${item.event.id}`);
      item.event = { ...item.event, ...fresh, flags: fresh.flags ?? item.event.flags };
      redrawOption(item);
    } catch {
      // The alert already says it changed; the next decision's answer will tell the rest.
    }
  }

  function onKey(event) {
    if (!root.isConnected) return;
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const field = event.target instanceof HTMLElement ? event.target.closest('input, textarea, select, [contenteditable="true"]') : null;
    if (field) {
      // Typing: only Escape (leave the field) and, in the note of a decision waiting for it, Enter.
      if (event.key === 'Escape') {
        event.preventDefault();
        if (pending) {
          pending = null;
          const prompt = detail.querySelector('[data-testid="note-prompt"]');
          if (prompt) {
            prompt.textContent = t('review.noteHint');
            prompt.classList.remove('rv-prompt');
          }
        }
        field.blur();
        list.focus({ preventScroll: true });
      } else if (event.key === 'Enter' && !event.shiftKey && pending && field === noteField()) {
        event.preventDefault();
        decide(pending);
      }
      return;
    }
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key === 'j' || key === 'ArrowDown') select(opened ? index : index + 1, { focus: true });
    else if (key === 'k' || key === 'ArrowUp') select(opened ? index : index - 1, { focus: true });
    else if (key === 'Home' && event.target === list) select(0, { focus: true });
    else if (key === 'End' && event.target === list) select(items.length - 1, { focus: true });
    else if (reviewer && KEY_DECISIONS[key]) decide(KEY_DECISIONS[key]);
    else if (reviewer && key === '/') noteField()?.focus();
    else return;
    event.preventDefault();
  }

  const checksBox = h('div', { class: 'rv-checks' }, checksPanel(base, checks, query));
  watchRechecks(id, base, query, checks, checksBox);

  list.append(...items.map(option));
  const stateField = {
    name: 'reviewState',
    label: t('review.state'),
    type: 'select',
    options: [{ value: '', label: t('review.waiting') }, ...STATE_CHOICES.map((value) => ({ value, label: tEnum('reviewState', value) }))],
  };
  root.append(
    pageHeader(t('review.title')),
    h('p', { class: 'muted rv-intro' }, t('review.intro')),
    filterForm({
      base,
      query,
      fields: [
        {
          name: 'checkId',
          label: t('review.check'),
          type: 'select',
          options: [{ value: '', label: t('common.any') }, ...checks.map((c) => ({ value: c.id, label: c.stage ? `${c.name} (${tEnum('stage', c.stage)})` : c.name }))],
        },
        { name: 'region', label: t('fields.region') },
        { name: 'teamId', label: t('fields.team'), type: 'select', options: [{ value: '', label: t('common.any') }, ...teams.map((x) => ({ value: x.id, label: x.code }))] },
        { name: 'stage', label: t('fields.stage'), type: 'select', options: enumOptions('stage', STAGES, { empty: 'common.any' }) },
        stateField,
      ],
    }),
    keysHint(reviewer),
    status,
    h(
      'div',
      { class: `review-layout${items.length ? '' : ' review-empty'}` },
      h(
        'div',
        { class: 'rv-side' },
        h('h2', { id: queueHeadingId }, t('review.queue', { total: formatNumber(queue.total) })),
        items.length ? list : h('p', { class: 'muted', 'data-testid': 'queue-empty' }, t(Object.keys(filters).length ? 'review.emptyFiltered' : 'review.empty')),
        pager(queue, (at) => {
          const params = new URLSearchParams({ ...query, offset: at });
          params.delete('event'); // the selection is of this page
          return `#${base}?${params}`;
        }),
        checksBox,
      ),
      items.length ? detail : null,
    ),
  );
  if (items.length) select(index);
  keyHandler = onKey;
  return root;
}

async function loadChecks(id) {
  const page = await api.get(`/missions/${id}/quality-checks`);
  if (page.total <= page.items.length) return page.items;
  return (await api.get(`/missions/${id}/quality-checks`, { limit: 500 })).items;
}

/** Each check with how many reports it flags (a link that filters the queue by it), and a re-check's progress. */
function checksPanel(base, checks, query, { finished = false } = {}) {
  const headingId = nextId('checks');
  const running = checks.filter((c) => c.recheck?.state === 'running');
  return h(
    'section',
    { class: 'card checks-panel', 'aria-labelledby': headingId, 'data-testid': 'checks-panel' },
    h('h2', { id: headingId }, t('review.checksTitle')),
    checks.length
      ? h(
          'ul',
          { class: 'check-list' },
          checks.map((c) =>
            h(
              'li',
              { 'data-testid': `check-${c.id}` },
              h(
                'div',
                { class: 'check-line' },
                h(
                  'div',
                  { class: 'check-name' },
                  h('a', { href: `#${base}?checkId=${encodeURIComponent(c.id)}`, 'aria-current': String(query.checkId) === String(c.id) ? 'true' : undefined }, c.name),
                  ' ',
                  h('span', { class: `flag flag-${c.severity}` }, t(`review.severity_${c.severity}`)),
                  c.stage ? h('span', { class: 'muted' }, ` ${tEnum('stage', c.stage)}`) : null,
                ),
                h('span', { class: 'check-count', 'data-testid': 'flagged-count' }, t('review.flaggedCount', { count: formatNumber(c.flaggedReports ?? 0) })),
              ),
              c.recheck?.state === 'running'
                ? h(
                    'div',
                    { class: 'recheck', 'data-testid': 'recheck' },
                    h('progress', { max: c.recheck.total || 1, value: c.recheck.checked ?? 0, 'aria-label': t('review.recheckOf', { name: c.name }) }),
                    h('span', {}, t('review.rechecking', { checked: formatNumber(c.recheck.checked ?? 0), total: formatNumber(c.recheck.total ?? 0) })),
                  )
                : null,
            ),
          ),
        )
      : h('p', { class: 'muted' }, t('review.noChecks')),
    !running.length && finished
      ? h('p', { class: 'recheck-done', role: 'status' }, t('review.recheckDone'), ' ', h('button', { type: 'button', class: 'small', on: { click: () => refresh() } }, t('review.reload')))
      : null,
  );
}

/** While a re-check runs, its progress is read again every two seconds, until it ends or the page is left. */
function watchRechecks(id, base, query, checks, box) {
  if (!checks.some((c) => c.recheck?.state === 'running')) return;
  let waits = 0; // polls before the page is on screen: a render that never lands stops it too
  const poll = async () => {
    if (!box.isConnected) {
      if (box.dataset.shown || ++waits > 5) return;
      setTimeout(poll, RECHECK_POLL_MS);
      return;
    }
    box.dataset.shown = 'yes';
    const fresh = await loadChecks(id).catch(() => null);
    if (!box.isConnected) return;
    if (fresh) {
      const running = fresh.some((c) => c.recheck?.state === 'running');
      box.replaceChildren(checksPanel(base, fresh, query, { finished: !running }));
      if (!running) return;
    }
    setTimeout(poll, RECHECK_POLL_MS);
  };
  setTimeout(poll, RECHECK_POLL_MS);
}
