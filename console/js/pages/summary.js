// The mission summary: the server's own HTML page (charts and map) shown in a sandboxed frame,
// and downloads. Both need the Authorization header, so they are fetched and handed over as
// srcdoc / Blob URLs rather than linked.
import { request } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { alertBox, describeError, pageHeader } from '../ui.js';

async function download(id, format, status) {
  try {
    const res = await request('GET', `/missions/${id}/summary`, { query: { format }, raw: true });
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

export async function summaryPage({ id }) {
  const res = await request('GET', `/missions/${id}/summary`, { query: { format: 'html' }, raw: true });
  const html = await res.text();
  const status = h('div', { 'aria-live': 'polite' });
  const frame = h('iframe', { title: t('summary.frameTitle'), class: 'summary-frame', sandbox: '', 'data-testid': 'summary-frame' });
  frame.srcdoc = html;
  const button = (format) =>
    h('button', { type: 'button', 'data-testid': `download-${format}`, on: { click: () => download(id, format, status) } }, t(`summary.download_${format}`));
  return h(
    'section',
    {},
    pageHeader(t('summary.title'), button('md'), button('html'), button('csv')),
    status,
    frame,
  );
}
