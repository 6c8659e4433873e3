// Deployments: plan a team (or one observer) to a station for stages and a window. An overlap is
// refused by the API with a 409 naming the other deployment; the form shows it as given.
import { api, can } from '../api.js';
import { h } from '../dom.js';
import { DEPLOYMENT_STATUSES, STAGES } from '../enums.js';
import { formatDateTime, t, tEnum } from '../i18n.js';
import { buildForm, dataTable, enumOptions, filterForm, pageHeader, pager, toPayload } from '../ui.js';
import { refresh } from '../nav.js';

export async function stationChoices(id, q) {
  return (await api.get(`/missions/${id}/polling-stations`, { q, limit: 200 })).items;
}

export async function deploymentsPage({ id, query }) {
  const base = `/m/${id}/deployments`;
  const { stationQ, ...listQuery } = query;
  const [page, teams, stations] = await Promise.all([
    api.get(`/missions/${id}/deployments`, { ...listQuery, limit: 50 }),
    api.get(`/missions/${id}/teams`, { limit: 500 }).then((p) => p.items),
    stationChoices(id, stationQ),
  ]);
  const teamCode = (d) => (d.teamId ? (teams.find((x) => x.id === d.teamId)?.code ?? `#${d.teamId}`) : t('deployments.observer', { id: d.observerId }));
  const stationLabel = (x) => `${x.constituencyCode} ${x.code} — ${x.name}`;
  const fields = [
    { name: 'teamId', label: t('fields.team'), type: 'select', numeric: true, required: true, options: [{ value: '', label: t('common.choose') }, ...teams.map((x) => ({ value: x.id, label: x.code }))] },
    { name: 'pollingStationId', label: t('fields.station'), type: 'select', numeric: true, required: true, wide: true, options: [{ value: '', label: t('common.choose') }, ...stations.map((x) => ({ value: x.id, label: stationLabel(x) }))] },
    { name: 'stages', label: t('fields.stages'), type: 'checkboxes', options: enumOptions('stage', STAGES) },
    { name: 'startsAt', label: t('fields.startsAt'), type: 'datetime', required: true },
    { name: 'endsAt', label: t('fields.endsAt'), type: 'datetime', required: true },
  ];
  const planForm = can('deployments.write')
    ? h(
        'section',
        { class: 'card' },
        h('h2', {}, t('deployments.plan')),
        filterForm({ base, query, fields: [{ name: 'stationQ', label: t('deployments.findStation') }] }),
        buildForm({
          fields,
          testId: 'deployment-form',
          submitLabel: t('deployments.save'),
          onSubmit: async (values) => {
            await api.post(`/missions/${id}/deployments`, toPayload(values, fields));
            refresh();
          },
        }),
      )
    : null;
  const setStatus = (d, status) => async () => {
    await api.patch(`/missions/${id}/deployments/${d.id}`, { status, version: d.version });
    refresh();
  };
  return h(
    'section',
    {},
    pageHeader(t('deployments.title')),
    planForm,
    dataTable({
      caption: t('deployments.title'),
      testId: 'deployments-table',
      items: page.items,
      columns: [
        { label: t('fields.team'), render: teamCode },
        { label: t('fields.station'), render: (d) => { const x = stations.find((st) => st.id === d.pollingStationId); return x ? stationLabel(x) : `#${d.pollingStationId}`; } },
        { label: t('fields.stages'), render: (d) => d.stages.map((st) => tEnum('stage', st)).join(', ') },
        { label: t('fields.startsAt'), render: (d) => formatDateTime(d.startsAt) },
        { label: t('fields.endsAt'), render: (d) => formatDateTime(d.endsAt) },
        { label: t('fields.status'), render: (d) => tEnum('deploymentStatus', d.status) },
        {
          label: t('common.actions'),
          render: (d) =>
            can('deployments.write') && d.status === 'planned'
              ? h('button', { type: 'button', on: { click: setStatus(d, 'cancelled') } }, t('deployments.cancel'))
              : '',
        },
      ],
    }),
    pager(page, (offset) => `#${base}?${new URLSearchParams({ ...query, offset })}`),
    h('p', { class: 'hint' }, t('deployments.statuses', { list: DEPLOYMENT_STATUSES.map((x) => tEnum('deploymentStatus', x)).join(', ') })),
  );
}
