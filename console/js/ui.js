// Shared pieces of the pages: forms that show the API's 400 beside each field, tables, paging.
import { ApiError, NetworkError } from './api.js';
import { h, nextId } from './dom.js';
import { formatDateTime, formatNumber, formatTime, t, tEnum } from './i18n.js';
import { cityOf, fromWallClock, isoWithOffset, offsetLabel, referenceInstant, toWallClock, zone } from './mission-time.js';

export const enumOptions = (group, values, { empty } = {}) => [
  ...(empty ? [{ value: '', label: t(empty) }] : []),
  ...values.map((value) => ({ value, label: tEnum(group, value) })),
];

function control(field, value, id, describedBy) {
  const common = { id, name: field.name, 'aria-describedby': describedBy, required: field.required || undefined };
  switch (field.type) {
    case 'select':
      return h(
        'select',
        common,
        field.options.map((o) => h('option', { value: o.value, selected: String(o.value) === String(value ?? '') }, o.label)),
      );
    case 'textarea':
      return h('textarea', { ...common, rows: field.rows ?? 3 }, value ?? '');
    case 'checkboxes':
      return h(
        'fieldset',
        { class: 'checks', id, 'aria-describedby': describedBy },
        h('legend', {}, field.label),
        field.options.length ? null : h('p', { class: 'muted' }, t('common.none')),
        field.options.map((o) => {
          const cid = nextId('c');
          return h(
            'div',
            { class: 'check' },
            h('input', { type: 'checkbox', id: cid, name: field.name, value: o.value, checked: (Array.isArray(value) ? value : []).map(String).includes(String(o.value)) }),
            h('label', { for: cid }, o.label),
          );
        }),
      );
    default: {
      const type = { number: 'number', date: 'date', datetime: 'datetime-local', email: 'email' }[field.type] ?? 'text';
      return h('input', { ...common, type, value: value ?? '', step: field.step, inputmode: field.inputmode, autocomplete: 'off' });
    }
  }
}

/** A typed wall clock as the language writes it (formatted as if in UTC: it may exist nowhere else). */
const wallText = (raw) => formatDateTime(`${raw.slice(0, 16)}Z`, 'UTC', { bare: true });

/** A value the console refuses itself, before sending (a time the clocks skip). */
class FieldError extends Error {}

function readField(form, field) {
  if (field.type === 'checkboxes') {
    return [...form.querySelectorAll(`input[name="${field.name}"]:checked`)].map((el) => (field.numeric ? Number(el.value) : el.value));
  }
  const el = form.elements.namedItem(field.name);
  const raw = el.value.trim();
  if (raw === '') return '';
  if (field.type === 'number') return Number(raw);
  if (field.type === 'datetime') {
    // Typed in the zone shown (the mission's), sent with its offset: 08:00 in Baku -> 08:00:00+04:00.
    const read = fromWallClock(raw);
    if (read.gap) throw new FieldError(t('time.gap', { local: wallText(raw), city: cityOf(zone()) }));
    if (read.invalid) throw new FieldError(t('time.invalid'));
    return isoWithOffset(read.instant);
  }
  if (field.type === 'list') return raw.split(',').map((x) => x.trim()).filter(Boolean);
  if (field.numeric) return Number(raw);
  return raw;
}

/**
 * The body to send: empty fields are left out of a create; in an update, an emptied field that
 * may be null becomes null (cleared) and one that may not is left alone.
 */
export function toPayload(values, fields, { update = false } = {}) {
  const body = {};
  for (const field of fields) {
    if (field.readOnly) continue;
    const value = values[field.name];
    const empty = value === '' || (Array.isArray(value) && !value.length && field.type !== 'checkboxes');
    if (!empty) body[field.name] = value;
    else if (update && field.nullable) body[field.name] = null;
    else if (update && field.type === 'checkboxes') body[field.name] = [];
  }
  return body;
}

/** The value shown in an input for an API value: dates for date inputs, mission time for datetime ones. */
function display(field, value) {
  if (value === null || value === undefined) return '';
  if (field.type === 'datetime') return toWallClock(value);
  if (field.type === 'list' && Array.isArray(value)) return value.join(', ');
  return value;
}

/**
 * What a datetime input's text will be stored as, said as the user types (lines): the wall clock
 * in the zone shown with its offset, and the same instant in UTC; a time the clocks show twice
 * says which one is taken, one they skip says it cannot be stored.
 */
export function storedAsText(raw, tz = zone()) {
  const city = cityOf(tz);
  const read = raw ? fromWallClock(raw, tz) : { invalid: true };
  if (read.invalid) return [t('time.typeIn', { city, offset: offsetLabel(referenceInstant(), tz) })];
  if (read.gap) return [t('time.notStored', { local: wallText(raw), city })];
  const iso = new Date(read.instant).toISOString();
  const local = formatDateTime(iso, tz, { bare: true });
  // The UTC date only when it is another day than the one typed.
  const utc = iso.slice(0, 10) === raw.slice(0, 10) ? formatTime(iso, 'UTC') : formatDateTime(iso, 'UTC', { bare: true });
  const text = t('time.storedAs', { local, city, offset: read.offset, utc });
  return read.ambiguous ? [text, t('time.ambiguous', { time: formatTime(iso, tz), city, offset: read.offset })] : [text];
}

export function alertBox(kind, ...content) {
  return h('div', { class: `alert alert-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...content);
}

export function describeError(error) {
  if (error instanceof NetworkError) return t('errors.network');
  if (error instanceof ApiError) {
    const prefix = t(`errors.status${error.status}`);
    return prefix.startsWith('errors.') ? error.message : `${prefix} ${error.message}`;
  }
  return error?.message ?? String(error);
}

/**
 * A form of labelled fields. `onSubmit(values)` may throw an ApiError: its field errors are shown
 * beside their fields (and announced), everything else above the button.
 */
export function buildForm({ fields, values = {}, submitLabel, onSubmit, testId, extra }) {
  const errorSlots = new Map();
  const formAlert = h('div', { class: 'form-alert', 'aria-live': 'assertive' });
  const rows = fields.map((field) => {
    const id = nextId('f');
    const errorId = `${id}-error`;
    const error = h('p', { class: 'field-error', id: errorId });
    errorSlots.set(field.name, error);
    // A datetime field says, live, what it will be stored as (see storedAsText).
    const live = field.type === 'datetime' ? h('p', { class: 'hint', id: `${id}-time`, 'aria-live': 'polite', 'data-testid': `stored-as-${field.name}` }) : null;
    const input = control(field, display(field, values[field.name]), id, live ? `${live.id} ${errorId}` : errorId);
    if (live) {
      // One line each; the space between keeps them apart for a screen reader too.
      const update = () => live.replaceChildren(...storedAsText(input.value).flatMap((line, i) => [i ? ' ' : '', h('span', { class: 'hint-line' }, line)]));
      input.addEventListener('input', () => {
        update();
        // The live verdict replaces an error about the time typed before.
        error.textContent = '';
        input.removeAttribute('aria-invalid');
        if (![...errorSlots.values()].some((slot) => slot.textContent)) formAlert.replaceChildren();
      });
      update();
    }
    if (field.type === 'checkboxes') return h('div', { class: 'field field-wide' }, input, error);
    // A datetime field has a row of its own, so its "stored as" line reads in one go.
    const wide = field.wide || field.type === 'datetime';
    return h(
      'div',
      { class: `field${wide ? ' field-wide' : ''}${live ? ' field-datetime' : ''}` },
      // The star sits outside the label: the input's `required` already says it to assistive tech.
      h('div', { class: 'label-row' }, h('label', { for: id }, field.label), field.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, '*') : null),
      input,
      field.hint ? h('p', { class: 'hint' }, field.hint) : null,
      live,
      error,
    );
  });
  const button = h('button', { type: 'submit', class: 'primary' }, submitLabel);
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': testId }, h('div', { class: 'fields' }, rows), extra, formAlert, h('div', { class: 'actions' }, button));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const slot of errorSlots.values()) slot.textContent = '';
    form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
    formAlert.replaceChildren();
    const read = {};
    const refused = [];
    for (const field of fields) {
      try {
        read[field.name] = readField(form, field);
      } catch (error) {
        if (!(error instanceof FieldError)) throw error;
        refused.push({ field: field.name, message: error.message });
      }
    }
    // Refused here, shown like the API's own 400: never sent, so never queued either.
    if (refused.length) return showErrors({ fieldErrors: refused });
    button.disabled = true;
    try {
      await onSubmit(read, form);
    } catch (error) {
      showErrors(error);
    } finally {
      button.disabled = false;
    }
  });

  function showErrors(error) {
    const unplaced = [];
    if (error?.fieldErrors?.length) {
      for (const fe of error.fieldErrors) {
        const name = fields.find((f) => fe.field === f.name || fe.field?.startsWith(`${f.name}.`) || fe.field?.startsWith(`${f.name}[`))?.name;
        const slot = name && errorSlots.get(name);
        if (slot) {
          slot.textContent = slot.textContent ? `${slot.textContent} ${fe.message}` : fe.message;
          form.querySelector(`[name="${name}"]`)?.setAttribute('aria-invalid', 'true');
        } else unplaced.push(fe.message);
      }
      if (unplaced.length) formAlert.append(alertBox('error', unplaced.join(' ')));
      else formAlert.append(alertBox('error', t('errors.fixFields')));
      form.querySelector('[aria-invalid]')?.focus();
    } else {
      formAlert.append(alertBox('error', describeError(error)));
    }
  }
  form.showErrors = showErrors;
  form.showMessage = (kind, text) => formAlert.replaceChildren(alertBox(kind, text));
  return form;
}

/** A data table with a caption; `columns` are { label, render(item) }. */
export function dataTable({ caption, columns, items, testId, empty = 'common.noRows' }) {
  if (!items.length) return h('p', { class: 'muted', 'data-testid': testId }, t(empty));
  return h(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    h(
      'table',
      { 'data-testid': testId },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
      h('tbody', {}, items.map((item) => h('tr', {}, columns.map((c) => h('td', {}, c.render(item)))))),
    ),
  );
}

/** "1–20 of 5,362" with previous / next links that keep the filters. */
export function pager(page, hrefFor) {
  const { total, limit, offset } = page;
  const from = total ? offset + 1 : 0;
  const to = Math.min(offset + limit, total);
  return h(
    'nav',
    { class: 'pager', 'aria-label': t('common.paging') },
    h('span', {}, t('common.range', { from: formatNumber(from), to: formatNumber(to), total: formatNumber(total) })),
    offset > 0 ? h('a', { href: hrefFor(Math.max(0, offset - limit)), class: 'button' }, t('common.previous')) : null,
    to < total ? h('a', { href: hrefFor(offset + limit), class: 'button' }, t('common.next')) : null,
  );
}

/** A filter form whose fields become the hash's query string. */
export function filterForm({ fields, query, base }) {
  const rows = fields.map((field) => {
    const id = nextId('flt');
    return h('div', { class: 'field' }, h('label', { for: id }, field.label), control(field, query[field.name], id));
  });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('common.filters') },
    rows,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('common.apply')), h('a', { href: `#${base}`, class: 'button' }, t('common.reset'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const field of fields) {
      const value = form.elements.namedItem(field.name).value.trim();
      if (value) params.set(field.name, value);
    }
    location.hash = `#${base}${params.toString() ? `?${params}` : ''}`;
  });
  return form;
}

export function pageHeader(title, ...actions) {
  return h('div', { class: 'page-head' }, h('h1', { id: 'page-title', tabindex: '-1' }, title), h('div', { class: 'page-actions' }, actions));
}

export const link = (href, label, attrs = {}) => h('a', { href, ...attrs }, label);
export const buttonLink = (href, label, attrs = {}) => h('a', { href, class: 'button', ...attrs }, label);
