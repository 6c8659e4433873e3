// The mission summary: the server's own HTML page (charts and map) shown in a sandboxed frame,
// and downloads. Both need the Authorization header, so they are fetched and handed over as
// srcdoc / Blob URLs rather than linked. Both follow the page's filters (days and region).
import { request } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { dayRange } from '../mission-time.js';
import { alertBox, describeError, filterForm, pageHeader } from '../ui.js';

async function download(id, format, filters, status) {
  try {
    const res = await request('GET', `/missions/${id}/summary`, { query: { ...filters, format }, raw: true });
    const blob = await res.blob();
    const href = URL.createObjectURL(blob);
    const a = h('a', { href, download: `mission-${id}-summary.${format}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10000);
  } catch (error) {
    status.replaceChildren(alertBox('error', describeError(error)));
  }
}

export async function summaryPage({ id, query }) {
  // Days of the zone shown: plain dates (the mission's days) or, in "my time", the user's.
  const filters = { region: query.region, ...dayRange(query) };
  const res = await request('GET', `/missions/${id}/summary`, { query: { ...filters, format: 'html' }, raw: true });
  const html = await res.text();
  const status = h('div', { 'aria-live': 'polite' });
  const frame = h('iframe', { title: t('summary.frameTitle'), class: 'summary-frame', sandbox: '', 'data-testid': 'summary-frame' });
  frame.srcdoc = html;
  const button = (format) =>
    h('button', { type: 'button', 'data-testid': `download-${format}`, on: { click: () => download(id, format, filters, status) } }, t(`summary.download_${format}`));
  return h(
    'section',
    {},
    pageHeader(t('summary.title'), button('md'), button('html'), button('csv')),
    filterForm({
      base: `/m/${id}/summary`,
      query,
      fields: [
        { name: 'from', label: t('fields.fromDay'), type: 'date' },
        { name: 'to', label: t('fields.toDay'), type: 'date' },
        { name: 'region', label: t('fields.region') },
      ],
    }),
    status,
    frame,
  );
}
