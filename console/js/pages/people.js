// Observers and teams: tables with the API's filters and paging, forms, membership, CSV import.
import { api, can } from '../api.js';
import { h } from '../dom.js';
import { ACCREDITATION_STATUSES, GENDERS, OBSERVER_ROLES } from '../enums.js';
import { t, tEnum } from '../i18n.js';
import { buildForm, buttonLink, dataTable, enumOptions, filterForm, link, pageHeader, pager, toPayload } from '../ui.js';
import { importPage } from './import.js';

const LIMIT = 20;

async function allTeams(missionId) {
  return (await api.get(`/missions/${missionId}/teams`, { limit: 500 })).items;
}

export async function observersList({ id, query }) {
  const base = `/m/${id}/observers`;
  const [page, teams] = await Promise.all([api.get(`/missions/${id}/observers`, { ...query, limit: LIMIT }), allTeams(id)]);
  const teamCode = (teamId) => teams.find((x) => x.id === teamId)?.code ?? '';
  // Personal data is shown only when the API sent it: the fields are absent for other readers.
  const personal = page.items.some((o) => 'email' in o);
  const columns = [
    { label: t('fields.fullName'), render: (o) => (can('observers.write') ? link(`#${base}/${o.id}`, o.fullName) : o.fullName) },
    { label: t('fields.role'), render: (o) => tEnum('observerRole', o.role) },
    { label: t('fields.nationality'), render: (o) => o.nationality },
    { label: t('fields.accreditationStatus'), render: (o) => tEnum('accreditation', o.accreditationStatus) },
    { label: t('fields.accreditationNumber'), render: (o) => o.accreditationNumber ?? '' },
    { label: t('fields.team'), render: (o) => teamCode(o.teamId) },
    ...(personal
      ? [
          { label: t('fields.email'), render: (o) => o.email ?? '' },
          { label: t('fields.phone'), render: (o) => o.phone ?? '' },
        ]
      : []),
  ];
  return h(
    'section',
    {},
    pageHeader(
      t('observers.title'),
      can('observers.write') ? buttonLink(`#${base}/new`, t('observers.new'), { 'data-testid': 'new-observer' }) : null,
      can('observers.write') ? buttonLink(`#${base}/import`, t('import.csv')) : null,
    ),
    filterForm({
      base,
      query,
      fields: [
        { name: 'q', label: t('common.search') },
        { name: 'role', label: t('fields.role'), type: 'select', options: enumOptions('observerRole', OBSERVER_ROLES, { empty: 'common.any' }) },
        { name: 'nationality', label: t('fields.nationality') },
        { name: 'accreditationStatus', label: t('fields.accreditationStatus'), type: 'select', options: enumOptions('accreditation', ACCREDITATION_STATUSES, { empty: 'common.any' }) },
        { name: 'teamId', label: t('fields.team'), type: 'select', options: [{ value: '', label: t('common.any') }, ...teams.map((x) => ({ value: x.id, label: x.code }))] },
      ],
    }),
    dataTable({ caption: t('observers.title'), columns, items: page.items, testId: 'observers-table' }),
    pager(page, (offset) => `#${base}?${new URLSearchParams({ ...query, offset })}`),
  );
}

export async function observerForm({ id, oid }) {
  const [observer, teams] = await Promise.all([oid ? api.get(`/missions/${id}/observers/${oid}`) : { role: 'sto', gender: 'undisclosed', accreditationStatus: 'pending' }, allTeams(id)]);
  const fields = [
    { name: 'fullName', label: t('fields.fullName'), required: true, wide: true },
    { name: 'role', label: t('fields.role'), type: 'select', required: true, options: enumOptions('observerRole', OBSERVER_ROLES) },
    { name: 'nationality', label: t('fields.nationality'), required: true, hint: t('hints.country') },
    { name: 'gender', label: t('fields.gender'), type: 'select', options: enumOptions('gender', GENDERS) },
    { name: 'languages', label: t('fields.languages'), type: 'list', hint: t('hints.list') },
    { name: 'secondingOrganization', label: t('fields.secondingOrganization'), nullable: true },
    { name: 'teamId', label: t('fields.team'), type: 'select', numeric: true, nullable: true, options: [{ value: '', label: t('common.noTeam') }, ...teams.map((x) => ({ value: x.id, label: x.code }))] },
    { name: 'accreditationStatus', label: t('fields.accreditationStatus'), type: 'select', options: enumOptions('accreditation', ACCREDITATION_STATUSES) },
    { name: 'accreditationNumber', label: t('fields.accreditationNumber'), nullable: true },
    { name: 'accreditedAt', label: t('fields.accreditedAt'), type: 'date', nullable: true },
    ...(oid && !('email' in observer)
      ? []
      : [
          { name: 'email', label: t('fields.email'), type: 'email', nullable: true },
          { name: 'phone', label: t('fields.phone'), nullable: true },
          { name: 'documentNumber', label: t('fields.documentNumber'), nullable: true },
          { name: 'dateOfBirth', label: t('fields.dateOfBirth'), type: 'date', nullable: true },
        ]),
  ];
  return h(
    'section',
    {},
    pageHeader(oid ? t('observers.edit', { name: observer.fullName }) : t('observers.new'), buttonLink(`#/m/${id}/observers`, t('common.back'))),
    buildForm({
      fields,
      values: observer,
      testId: 'observer-form',
      submitLabel: t('common.save'),
      onSubmit: async (values) => {
        const body = toPayload(values, fields, { update: !!oid });
        if (oid) await api.patch(`/missions/${id}/observers/${oid}`, { ...body, version: observer.version });
        else await api.post(`/missions/${id}/observers`, body);
        location.hash = `#/m/${id}/observers`;
      },
    }),
  );
}

export const observersImport = ({ id }) =>
  importPage({
    title: t('observers.import'),
    path: `/missions/${id}/observers/import`,
    backHref: `#/m/${id}/observers`,
    testId: 'observers-import',
    columns: ['full_name', 'role', 'nationality', 'gender', 'languages', 'seconding_organization', 'team', 'accreditation_status', 'accreditation_number', 'email', 'phone', 'document_number', 'date_of_birth'],
  });

export async function teamsList({ id, query }) {
  const base = `/m/${id}/teams`;
  const page = await api.get(`/missions/${id}/teams`, { ...query, limit: LIMIT });
  const observers = can('observers.read') ? (await api.get(`/missions/${id}/observers`, { limit: 500 })).items : [];
  const name = (oid) => observers.find((o) => o.id === oid)?.fullName ?? `#${oid}`;
  return h(
    'section',
    {},
    pageHeader(t('teams.title'), can('teams.write') ? buttonLink(`#${base}/new`, t('teams.new'), { 'data-testid': 'new-team' }) : null),
    filterForm({ base, query, fields: [{ name: 'q', label: t('common.search') }] }),
    dataTable({
      caption: t('teams.title'),
      testId: 'teams-table',
      items: page.items,
      columns: [
        { label: t('fields.code'), render: (x) => (can('teams.write') ? link(`#${base}/${x.id}`, x.code) : x.code) },
        { label: t('fields.area'), render: (x) => x.area ?? '' },
        { label: t('teams.members'), render: (x) => (observers.length ? (x.memberIds ?? []).map(name).join(', ') : String((x.memberIds ?? []).length)) },
      ],
    }),
    pager(page, (offset) => `#${base}?${new URLSearchParams({ ...query, offset })}`),
  );
}

export async function teamForm({ id, tid }) {
  const [team, observers] = await Promise.all([tid ? api.get(`/missions/${id}/teams/${tid}`) : { memberIds: [] }, api.get(`/missions/${id}/observers`, { limit: 500 })]);
  const fields = [
    { name: 'code', label: t('fields.code'), required: true },
    { name: 'area', label: t('fields.area'), nullable: true },
    {
      name: 'memberIds',
      label: t('teams.members'),
      type: 'checkboxes',
      numeric: true,
      options: observers.items.map((o) => ({ value: o.id, label: `${o.fullName} (${tEnum('observerRole', o.role)})` })),
    },
  ];
  return h(
    'section',
    {},
    pageHeader(tid ? t('teams.edit', { code: team.code }) : t('teams.new'), buttonLink(`#/m/${id}/teams`, t('common.back'))),
    buildForm({
      fields,
      values: team,
      testId: 'team-form',
      submitLabel: t('common.save'),
      onSubmit: async (values) => {
        const body = toPayload(values, fields, { update: !!tid });
        if (tid) await api.patch(`/missions/${id}/teams/${tid}`, { ...body, version: team.version });
        else await api.post(`/missions/${id}/teams`, body);
        location.hash = `#/m/${id}/teams`;
      },
    }),
  );
}
