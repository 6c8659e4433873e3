// Polling stations: filters, paging, a map drawn here from the coordinates (no tile server), import.
import { api, can } from '../api.js';
import { h, s } from '../dom.js';
import { STATION_TYPES } from '../enums.js';
import { formatNumber, t, tEnum } from '../i18n.js';
import { buttonLink, dataTable, enumOptions, filterForm, pageHeader, pager } from '../ui.js';
import { importPage } from './import.js';

const LIMIT = 20;

/** Stations as dots on an equirectangular projection fitted to their bounding box. */
function stationMap(stations) {
  const points = stations.filter((x) => x.latitude !== null && x.longitude !== null);
  if (!points.length) return h('p', { class: 'muted', 'data-testid': 'station-map-empty' }, t('stations.noCoordinates'));
  const W = 600;
  const H = 400;
  const pad = 20;
  const lats = points.map((p) => p.latitude);
  const lons = points.map((p) => p.longitude);
  const [minLat, maxLat, minLon, maxLon] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  // Degrees of longitude shrink with latitude: scale them so the shape of the country holds.
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * k, 0.01);
  const spanY = Math.max(maxLat - minLat, 0.01);
  const scale = Math.min((W - 2 * pad) / spanX, (H - 2 * pad) / spanY);
  const x = (lon) => pad + (lon - minLon) * k * scale;
  const y = (lat) => H - pad - (lat - minLat) * scale;
  return s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('stations.mapLabel', { count: points.length }), class: 'map', 'data-testid': 'station-map' },
    s('rect', { x: 0, y: 0, width: W, height: H, class: 'map-bg' }),
    points.map((p) => s('circle', { cx: x(p.longitude).toFixed(1), cy: y(p.latitude).toFixed(1), r: 4, class: 'map-dot' }, s('title', {}, `${p.code} ${p.name}`))),
  );
}

export async function stationsList({ id, query }) {
  const base = `/m/${id}/stations`;
  const filters = { ...query };
  delete filters.offset;
  const [page, forMap] = await Promise.all([
    api.get(`/missions/${id}/polling-stations`, { ...query, limit: LIMIT }),
    api.get(`/missions/${id}/polling-stations`, { ...filters, limit: 500 }),
  ]);
  return h(
    'section',
    {},
    pageHeader(t('stations.title'), can('stations.write') ? buttonLink(`#${base}/import`, t('import.csv'), { 'data-testid': 'import-stations' }) : null),
    filterForm({
      base,
      query,
      fields: [
        { name: 'q', label: t('common.search') },
        { name: 'region', label: t('fields.region') },
        { name: 'constituency', label: t('fields.constituencyCode') },
        { name: 'type', label: t('fields.type'), type: 'select', options: enumOptions('stationType', STATION_TYPES, { empty: 'common.any' }) },
        { name: 'tag', label: t('fields.tag') },
      ],
    }),
    h('div', { class: 'split' },
      h('div', {},
        dataTable({
          caption: t('stations.title'),
          testId: 'stations-table',
          items: page.items,
          columns: [
            { label: t('fields.constituencyCode'), render: (x) => x.constituencyCode },
            { label: t('fields.code'), render: (x) => x.code },
            { label: t('fields.name'), render: (x) => x.name },
            { label: t('fields.region'), render: (x) => x.region ?? '' },
            { label: t('fields.district'), render: (x) => x.district ?? '' },
            { label: t('fields.registeredVoters'), render: (x) => formatNumber(x.registeredVoters) },
            { label: t('fields.type'), render: (x) => tEnum('stationType', x.type) },
          ],
        }),
        pager(page, (offset) => `#${base}?${new URLSearchParams({ ...query, offset })}`),
      ),
      h('figure', { class: 'card' }, stationMap(forMap.items), h('figcaption', {}, t('stations.mapCaption', { shown: formatNumber(forMap.items.length), total: formatNumber(forMap.total) }))),
    ),
  );
}

export const stationsImport = ({ id }) =>
  importPage({
    title: t('stations.import'),
    path: `/missions/${id}/polling-stations/import`,
    backHref: `#/m/${id}/stations`,
    testId: 'stations-import',
    columns: ['constituency', 'code', 'name', 'address', 'region', 'district', 'latitude', 'longitude', 'registered_voters', 'type', 'tags'],
  });
