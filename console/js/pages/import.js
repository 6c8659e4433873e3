// CSV import as a coordinator does it: pick the file, see its first rows, map its headers to the
// API's columns, send it; the API's errors are listed with their line and column.
import { request } from '../api.js';
import { previewCsv } from '../csv.js';
import { h, nextId } from '../dom.js';
import { formatNumber, t } from '../i18n.js';
import { alertBox, dataTable, describeError, pageHeader } from '../ui.js';

export function importPage({ title, path, columns, backHref, testId }) {
  let text = null;
  const fileId = nextId('file');
  const modeId = nextId('mode');
  const fileInput = h('input', { type: 'file', id: fileId, accept: '.csv,text/csv', 'data-testid': 'import-file' });
  const preview = h('div', { 'data-testid': 'import-preview' });
  const mapping = h('div', {});
  const result = h('div', { 'aria-live': 'polite', 'data-testid': 'import-result' });
  const mode = h('select', { id: modeId }, ['insert', 'upsert'].map((m) => h('option', { value: m }, t(`import.mode_${m}`))));
  const send = h('button', { type: 'button', class: 'primary', disabled: true, 'data-testid': 'import-send' }, t('import.send'));
  let selects = [];

  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    result.replaceChildren();
    if (!file) return;
    text = await file.text();
    const { header, rows, lines } = previewCsv(text, 5);
    preview.replaceChildren(
      h('p', {}, t('import.fileInfo', { name: file.name, rows: formatNumber(Math.max(0, lines - 1)) })),
      dataTable({
        caption: t('import.preview'),
        columns: header.map((name, i) => ({ label: name, render: (row) => row[i] ?? '' })),
        items: rows,
      }),
    );
    selects = columns.map((column) => {
      const id = nextId('map');
      const select = h(
        'select',
        { id, 'data-column': column, 'data-testid': `map-${column}` },
        h('option', { value: '' }, t('import.notInFile')),
        header.map((name) => h('option', { value: name, selected: name.toLowerCase() === column }, name)),
      );
      return h('div', { class: 'field' }, h('label', { for: id }, column), select);
    });
    mapping.replaceChildren(
      h('fieldset', { class: 'mapping' }, h('legend', {}, t('import.mapping')), h('p', { class: 'hint' }, t('import.mappingHint')), h('div', { class: 'fields' }, selects)),
    );
    send.disabled = false;
  });

  send.addEventListener('click', async () => {
    const pairs = [];
    for (const wrap of selects) {
      const select = wrap.querySelector('select');
      const theirs = select.value;
      if (theirs && theirs.toLowerCase() !== select.dataset.column) pairs.push(`${select.dataset.column}:${theirs}`);
    }
    send.disabled = true;
    result.replaceChildren(h('p', { role: 'status' }, t('import.sending')));
    try {
      const answer = await request('POST', path, { csv: text, query: { columns: pairs.join(','), mode: mode.value } });
      result.replaceChildren(alertBox('success', t('import.done', { created: formatNumber(answer.created ?? 0), updated: formatNumber(answer.updated ?? 0) })));
    } catch (error) {
      const rows = error.fieldErrors ?? [];
      result.replaceChildren(
        alertBox('error', rows.length ? t('import.failed', { count: formatNumber(rows.length) }) : describeError(error)),
        rows.length
          ? dataTable({
              caption: t('import.errors'),
              testId: 'import-errors',
              items: rows,
              columns: [
                { label: t('import.line'), render: (e) => (e.line ?? '') },
                { label: t('import.column'), render: (e) => e.column ?? e.field ?? '' },
                { label: t('import.message'), render: (e) => e.message },
              ],
            })
          : null,
      );
    } finally {
      send.disabled = false;
    }
  });

  return h(
    'section',
    { 'data-testid': testId },
    pageHeader(title, h('a', { href: backHref, class: 'button' }, t('common.back'))),
    h('p', {}, t('import.intro')),
    h('div', { class: 'field' }, h('label', { for: fileId }, t('import.file')), fileInput),
    preview,
    mapping,
    h('div', { class: 'field' }, h('label', { for: modeId }, t('import.mode')), mode),
    h('div', { class: 'actions' }, send),
    result,
  );
}
