// Election events: the timeline, forms to log a meeting, a station visit (the stage's checklist
// rendered from its template) or an incident, and incident verification for coordinators.
import { api, can } from '../api.js';
import { h, nextId } from '../dom.js';
import { EVENT_TYPES, INCIDENT_CATEGORIES, INCIDENT_STATUSES, OVERALL_ASSESSMENTS, SEVERITIES, STAGES } from '../enums.js';
import { formatDateTime, formatNumber, t, tEnum } from '../i18n.js';
import { dayRange } from '../mission-time.js';
import { submit } from '../outbox.js';
import { refresh } from '../nav.js';
import { alertBox, buildForm, buttonLink, enumOptions, filterForm, pageHeader, pager, toPayload } from '../ui.js';
import { stationChoices } from './deployments.js';

const NEXT_STATUSES = { reported: ['verified', 'dismissed', 'escalated'], escalated: ['verified', 'dismissed'] };

function verifyButtons(id, event) {
  if (event.type !== 'incident' || !can('incidents.verify')) return null;
  return h(
    'span',
    { class: 'row-actions' },
    (NEXT_STATUSES[event.status] ?? []).map((status) =>
      h('button', {
        type: 'button',
        'data-testid': `incident-${event.id}-${status}`,
        on: {
          click: async () => {
            await api.post(`/missions/${id}/events/${event.id}/status`, { status, version: event.version });
            refresh();
          },
        },
      }, t(`events.to_${status}`)),
    ),
  );
}

export async function eventsPage({ id, query }) {
  const base = `/m/${id}/events`;
  const page = await api.get(`/missions/${id}/events`, { ...query, ...dayRange(query), limit: 50 });
  const write = can('events.write');
  return h(
    'section',
    {},
    pageHeader(
      t('events.title'),
      write ? buttonLink(`#${base}/new/meeting`, t('events.newMeeting'), { 'data-testid': 'new-meeting' }) : null,
      write ? buttonLink(`#${base}/new/station_visit`, t('events.newVisit'), { 'data-testid': 'new-visit' }) : null,
      write ? buttonLink(`#${base}/new/incident`, t('events.newIncident'), { 'data-testid': 'new-incident' }) : null,
    ),
    filterForm({
      base,
      query,
      fields: [
        { name: 'type', label: t('fields.eventType'), type: 'select', options: enumOptions('eventType', EVENT_TYPES, { empty: 'common.any' }) },
        { name: 'stage', label: t('fields.stage'), type: 'select', options: enumOptions('stage', STAGES, { empty: 'common.any' }) },
        { name: 'severity', label: t('fields.severity'), type: 'select', options: enumOptions('severity', SEVERITIES, { empty: 'common.any' }) },
        { name: 'status', label: t('fields.incidentStatus'), type: 'select', options: enumOptions('incidentStatus', INCIDENT_STATUSES, { empty: 'common.any' }) },
        { name: 'region', label: t('fields.region') },
        // Days of the zone shown: the mission's (sent as plain dates), or the user's in "my time".
        { name: 'from', label: t('fields.fromDay'), type: 'date' },
        { name: 'to', label: t('fields.toDay'), type: 'date' },
      ],
    }),
    page.items.length
      ? h(
          'ol',
          { class: 'timeline big', 'data-testid': 'timeline' },
          page.items.map((e) =>
            h(
              'li',
              { 'data-testid': `event-${e.id}` },
              h('time', { datetime: e.occurredAt }, formatDateTime(e.occurredAt)),
              h('span', { class: `tag tag-${e.type}` }, tEnum('eventType', e.type)),
              h('strong', {}, e.title),
              e.type === 'station_visit' ? h('span', {}, `${tEnum('stage', e.stage)} · ${tEnum('assessment', e.overallAssessment)}${e.votersVoted !== null ? ` · ${t('fields.votersVoted')}: ${formatNumber(e.votersVoted)}` : ''}`) : null,
              e.type === 'incident' ? h('span', {}, `${tEnum('category', e.category)} · ${tEnum('severity', e.severity)} · `, h('span', { 'data-testid': `incident-status-${e.id}` }, tEnum('incidentStatus', e.status))) : null,
              e.counterpart ? h('span', {}, `${e.counterpart}${e.counterpartOrganization ? `, ${e.counterpartOrganization}` : ''}`) : null,
              verifyButtons(id, e),
            ),
          ),
        )
      : h('p', { class: 'muted' }, t('common.noRows')),
    pager(page, (offset) => `#${base}?${new URLSearchParams({ ...query, offset })}`),
  );
}

function questionField(q) {
  const name = `answers.${q.code}`;
  const base = { name, label: q.text, required: q.required, question: q, wide: true, hint: q.code };
  const choice = (values, group) => ({ ...base, type: 'select', options: [{ value: '', label: t('common.notAnswered') }, ...values.map((v) => ({ value: v, label: group ? tEnum(group, v) : v }))] });
  switch (q.type) {
    case 'yes_no':
      return choice(['yes', 'no'], 'answer');
    case 'yes_no_partial':
      return choice(['yes', 'no', 'partial'], 'answer');
    case 'choice':
      return choice(q.options ?? []);
    case 'number':
      return { ...base, type: 'number' };
    default:
      return { ...base, type: 'textarea', rows: 2 };
  }
}

export async function eventForm({ id, type, query }) {
  const stage = STAGES.includes(query.stage) ? query.stage : 'opening';
  const [stations, observers, template] = await Promise.all([
    type === 'meeting' ? [] : stationChoices(id, query.stationQ),
    can('observers.read') ? api.get(`/missions/${id}/observers`, { limit: 500 }).then((p) => p.items) : [],
    type === 'station_visit' ? api.get(`/missions/${id}/checklists/${stage}`) : null,
  ]);
  const stationOptions = [{ value: '', label: t('common.choose') }, ...stations.map((x) => ({ value: x.id, label: `${x.constituencyCode} ${x.code} — ${x.name}` }))];
  const common = [
    { name: 'title', label: t('fields.title'), required: true, wide: true },
    { name: 'occurredAt', label: t('fields.occurredAt'), type: 'datetime', required: true },
  ];
  const reporters = observers.length
    ? [{ name: 'observerIds', label: t('fields.observers'), type: 'checkboxes', numeric: true, options: observers.map((o) => ({ value: o.id, label: o.fullName })) }]
    : [];
  const byType = {
    meeting: [
      { name: 'counterpart', label: t('fields.counterpart') },
      { name: 'counterpartOrganization', label: t('fields.counterpartOrganization'), wide: true },
      { name: 'location', label: t('fields.location') },
    ],
    station_visit: [
      { name: 'pollingStationId', label: t('fields.station'), type: 'select', numeric: true, required: true, wide: true, options: stationOptions },
      { name: 'overallAssessment', label: t('fields.overallAssessment'), type: 'select', required: true, options: enumOptions('assessment', OVERALL_ASSESSMENTS, { empty: 'common.choose' }) },
      { name: 'votersVoted', label: t('fields.votersVoted'), type: 'number' },
      ...(template?.questions ?? []).map(questionField),
    ],
    incident: [
      { name: 'pollingStationId', label: t('fields.station'), type: 'select', numeric: true, wide: true, options: stationOptions },
      { name: 'category', label: t('fields.category'), type: 'select', required: true, options: enumOptions('category', INCIDENT_CATEGORIES, { empty: 'common.choose' }) },
      { name: 'severity', label: t('fields.severity'), type: 'select', required: true, options: enumOptions('severity', SEVERITIES, { empty: 'common.choose' }) },
    ],
  }[type];
  if (!byType) throw new Error(t('errors.notFound'));
  const fields = [...common, ...byType, { name: 'description', label: t('fields.description'), type: 'textarea', wide: true }, ...reporters];
  const base = `/m/${id}/events/new/${type}`;
  const stageId = nextId('stage');
  const stagePicker =
    type === 'station_visit'
      ? h(
          'div',
          { class: 'field' },
          h('label', { for: stageId }, t('fields.stage')),
          h('select', {
            id: stageId,
            'data-testid': 'visit-stage',
            on: { change: (e) => (location.hash = `#${base}?${new URLSearchParams({ ...query, stage: e.target.value })}`) },
          }, STAGES.map((st) => h('option', { value: st, selected: st === stage }, tEnum('stage', st)))),
          h('p', { class: 'hint' }, t('events.checklistHint')),
        )
      : null;
  const status = h('div', { 'aria-live': 'polite', 'data-testid': 'submit-status' });
  const form = buildForm({
    fields,
    testId: `event-form-${type}`,
    submitLabel: t('events.submit'),
    onSubmit: async (values) => {
      const plain = fields.filter((f) => !f.question);
      const body = { type, ...toPayload(values, plain) };
      if (type === 'station_visit') {
        body.stage = stage;
        body.answers = {};
        for (const f of fields.filter((x) => x.question)) {
          const v = values[f.name];
          if (v !== '') body.answers[f.question.code] = v;
        }
      }
      const result = await submit(`/missions/${id}/events`, body, body.title);
      if (result.queued) {
        status.replaceChildren(alertBox('warning', h('span', { 'data-testid': 'queued' }, t('outbox.queued'))));
      } else {
        location.hash = `#/m/${id}/events`;
      }
    },
  });
  return h(
    'section',
    {},
    pageHeader(t(`events.new_${type}`), buttonLink(`#/m/${id}/events`, t('common.back'))),
    type !== 'meeting' ? filterForm({ base, query, fields: [{ name: 'stationQ', label: t('deployments.findStation') }] }) : null,
    stagePicker,
    template ? h('h2', {}, t('events.checklist', { stage: tEnum('stage', stage), count: template.questions.length })) : null,
    form,
    status,
  );
}
