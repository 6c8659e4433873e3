import { api, can } from '../api.js';
import { h } from '../dom.js';
import { ELECTION_TYPES, MISSION_KINDS, MISSION_STATUSES } from '../enums.js';
import { formatDateTime, formatNumber, formatShare, t, tEnum } from '../i18n.js';
import { alertBox, buildForm, buttonLink, dataTable, enumOptions, filterForm, link, pageHeader, pager, toPayload } from '../ui.js';
import { refresh } from '../nav.js';
import { forgetMission } from '../mission-time.js';

const LIMIT = 20;

export async function missionsList({ query }) {
  const page = await api.get('/missions', { ...query, limit: LIMIT });
  const base = '/missions';
  const closeButton = (m) =>
    h('button', {
      type: 'button',
      'data-testid': `close-mission-${m.id}`,
      on: {
        click: async (event) => {
          event.target.disabled = true;
          await api.patch(`/missions/${m.id}`, { status: 'closed', version: m.version });
          refresh();
        },
      },
    }, t('missions.close'));
  return h(
    'section',
    {},
    pageHeader(t('missions.title'), can('missions.create') ? buttonLink('#/missions/new', t('missions.new'), { 'data-testid': 'new-mission' }) : null),
    filterForm({
      base,
      query,
      fields: [
        { name: 'q', label: t('common.search') },
        { name: 'status', label: t('fields.status'), type: 'select', options: enumOptions('missionStatus', MISSION_STATUSES, { empty: 'common.any' }) },
        { name: 'hostCountry', label: t('fields.hostCountry') },
      ],
    }),
    dataTable({
      caption: t('missions.title'),
      testId: 'missions-table',
      items: page.items,
      columns: [
        { label: t('fields.name'), render: (m) => link(`#/m/${m.id}`, m.name) },
        { label: t('fields.organization'), render: (m) => m.organization },
        { label: t('fields.hostCountry'), render: (m) => m.hostCountry },
        { label: t('fields.electionDate'), render: (m) => m.electionDate },
        { label: t('fields.status'), render: (m) => tEnum('missionStatus', m.status) },
        {
          label: t('common.actions'),
          render: (m) =>
            can('missions.write')
              ? h('span', { class: 'row-actions' }, link(`#/missions/${m.id}/edit`, t('common.edit')), m.status !== 'closed' ? closeButton(m) : null)
              : '',
        },
      ],
    }),
    pager(page, (offset) => `#${base}?${new URLSearchParams({ ...query, offset })}`),
  );
}

function missionFields(editing) {
  return [
    { name: 'name', label: t('fields.name'), required: true, wide: true },
    { name: 'organization', label: t('fields.organization'), required: true },
    { name: 'kind', label: t('fields.kind'), type: 'select', required: true, options: enumOptions('missionKind', MISSION_KINDS) },
    { name: 'hostCountry', label: t('fields.hostCountry'), required: true, hint: t('hints.country') },
    { name: 'electionName', label: t('fields.electionName'), required: true, wide: true },
    { name: 'electionType', label: t('fields.electionType'), type: 'select', required: true, options: enumOptions('electionType', ELECTION_TYPES) },
    { name: 'electionDate', label: t('fields.electionDate'), type: 'date', required: true },
    { name: 'startDate', label: t('fields.startDate'), type: 'date', required: true },
    { name: 'endDate', label: t('fields.endDate'), type: 'date', required: true },
    { name: 'timezone', label: t('fields.timezone'), required: true, hint: t('hints.timezone') },
    editing && { name: 'status', label: t('fields.status'), type: 'select', options: enumOptions('missionStatus', MISSION_STATUSES) },
  ].filter(Boolean);
}

export async function missionForm({ id }) {
  const mission = id ? await api.get(`/missions/${id}`) : { kind: 'eom', electionType: 'parliamentary', timezone: Intl.DateTimeFormat().resolvedOptions().timeZone };
  const fields = missionFields(!!id);
  return h(
    'section',
    {},
    pageHeader(id ? t('missions.edit', { name: mission.name }) : t('missions.new')),
    buildForm({
      fields,
      values: mission,
      testId: 'mission-form',
      submitLabel: t('common.save'),
      onSubmit: async (values) => {
        const body = toPayload(values, fields, { update: !!id });
        const saved = id ? await api.patch(`/missions/${id}`, { ...body, version: mission.version }) : await api.post('/missions', body);
        forgetMission(saved.id); // its time zone may have changed
        location.hash = `#/m/${saved.id}`;
      },
    }),
  );
}

function figure(label, value, testId) {
  return h('div', { class: 'figure', 'data-testid': testId }, h('span', { class: 'figure-value' }, value), h('span', { class: 'figure-label' }, label));
}

function countsList(title, counts, group, testId) {
  const entries = Object.entries(counts ?? {});
  return h(
    'section',
    { class: 'card', 'data-testid': testId },
    h('h2', {}, title),
    entries.length
      ? h('dl', { class: 'counts' }, entries.map(([k, v]) => [h('dt', {}, tEnum(group, k)), h('dd', {}, formatNumber(v))]))
      : h('p', { class: 'muted' }, t('common.none')),
  );
}

/** The latest events: the list is oldest first, so read its last page. */
export async function latestEvents(missionId, count = 8) {
  const head = await api.get(`/missions/${missionId}/events`, { limit: 1 });
  const page = await api.get(`/missions/${missionId}/events`, { limit: count, offset: Math.max(0, head.total - count) });
  return page.items.reverse();
}

export async function dashboard({ id }) {
  const mission = await api.get(`/missions/${id}`);
  const [summary, events, deployments] = await Promise.all([
    can('summary.read') ? api.get(`/missions/${id}/summary`) : null,
    latestEvents(id),
    api.get(`/missions/${id}/deployments`, { status: 'planned', to: new Date().toISOString(), limit: 500 }),
  ]);
  const now = Date.now();
  const overdue = deployments.items.filter((d) => new Date(d.endsAt).getTime() < now);
  const stationIds = [...new Set(overdue.map((d) => d.pollingStationId))].slice(0, 50);
  const stations = await Promise.all(stationIds.map((sid) => api.get(`/missions/${id}/polling-stations/${sid}`)));
  const teams = overdue.length ? (await api.get(`/missions/${id}/teams`, { limit: 500 })).items : [];
  const stationName = (sid) => stations.find((s) => s.id === sid)?.name ?? `#${sid}`;
  const teamCode = (d) => (d.teamId ? (teams.find((x) => x.id === d.teamId)?.code ?? `#${d.teamId}`) : `#${d.observerId}`);

  return h(
    'section',
    {},
    pageHeader(mission.name, can('missions.write') ? buttonLink(`#/missions/${id}/edit`, t('common.edit')) : null),
    h('p', { class: 'muted' }, `${mission.organization} · ${mission.electionName} · ${mission.electionDate} · ${tEnum('missionStatus', mission.status)}`),
    summary
      ? [
          h(
            'div',
            { class: 'figures' },
            figure(t('dashboard.observers'), formatNumber(summary.observers.total), 'fig-observers'),
            figure(t('dashboard.teams'), formatNumber(summary.observers.teams), 'fig-teams'),
            figure(t('dashboard.stations'), formatNumber(summary.stations.total), 'fig-stations'),
            figure(t('dashboard.incidents'), formatNumber(summary.incidents.total), 'fig-incidents'),
          ),
          h(
            'div',
            { class: 'cards' },
            countsList(t('dashboard.observersByStatus'), summary.observers.byAccreditation, 'accreditation', 'observers-by-status'),
            h(
              'section',
              { class: 'card', 'data-testid': 'coverage' },
              h('h2', {}, t('dashboard.coverage')),
              h(
                'dl',
                { class: 'counts' },
                Object.entries(summary.coverage).map(([stage, c]) => [
                  h('dt', {}, tEnum('stage', stage)),
                  h('dd', {}, `${formatNumber(c.observedStations)} · ${formatShare(c.share)}`, h('meter', { min: 0, max: 1, value: c.share, 'aria-hidden': 'true' })),
                ]),
              ),
            ),
            countsList(t('dashboard.incidentsBySeverity'), summary.incidents.bySeverity, 'severity', 'incidents-by-severity'),
          ),
        ]
      : null,
    h(
      'div',
      { class: 'cards' },
      h(
        'section',
        { class: 'card card-wide', 'data-testid': 'latest-events' },
        h('h2', {}, t('dashboard.latestEvents')),
        events.length
          ? h('ol', { class: 'timeline' }, events.map((e) => h('li', {}, h('time', { datetime: e.occurredAt }, formatDateTime(e.occurredAt)), ' ', h('span', { class: `tag tag-${e.type}` }, tEnum('eventType', e.type)), ' ', e.title)))
          : h('p', { class: 'muted' }, t('common.none')),
      ),
      h(
        'section',
        { class: 'card card-wide', 'data-testid': 'not-reported' },
        h('h2', {}, t('dashboard.notReported')),
        overdue.length
          ? h('ul', {}, overdue.map((d) => h('li', {}, t('dashboard.notReportedItem', { team: teamCode(d), station: stationName(d.pollingStationId), until: formatDateTime(d.endsAt) }))))
          : h('p', { class: 'muted' }, t('dashboard.allReported')),
      ),
    ),
    !summary ? alertBox('info', t('dashboard.noSummary')) : null,
  );
}
