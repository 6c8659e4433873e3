import { StationPoint } from '../summary.types';

/** Text made inert for HTML and SVG, in element content and in quoted attributes alike. */
export function esc(text: string | number): string {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export interface Bar {
  series: string;
  value: number;
  text: string;
}

export interface BarGroup {
  label: string;
  bars: Bar[];
}

const WIDTH = 640;
const LABEL_WIDTH = 170;
const VALUE_WIDTH = 110;
const BAR_HEIGHT = 16;
const GROUP_GAP = 10;
export const PALETTE = ['#1f5f99', '#d08a1e', '#2e8540', '#8b3a8b', '#b03030'];

/**
 * Horizontal bars, grouped (one group per label, one bar per series), scaled to `max`.
 * Pure SVG with a <title> and a text figure beside every bar, so it reads without colour too.
 */
export function barChart(opts: {
  testId: string;
  title: string;
  groups: BarGroup[];
  max: number;
  series?: string[];
}): string {
  const series = opts.series ?? [];
  const legendHeight = series.length > 1 ? 24 : 0;
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  let y = legendHeight + 4;
  const parts: string[] = [];
  series.forEach((name, i) => {
    if (series.length < 2) return;
    const x = LABEL_WIDTH + i * 95;
    parts.push(
      `<rect x="${x}" y="4" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/>` +
        `<text x="${x + 16}" y="14" class="legend">${esc(name)}</text>`,
    );
  });
  for (const group of opts.groups) {
    const groupHeight = group.bars.length * BAR_HEIGHT;
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y + groupHeight / 2 + 4}" text-anchor="end" class="label">${esc(group.label)}</text>`,
    );
    for (const bar of group.bars) {
      const colour = PALETTE[Math.max(0, series.indexOf(bar.series)) % PALETTE.length];
      const width = opts.max > 0 ? Math.max(0, Math.min(1, bar.value / opts.max)) * plot : 0;
      parts.push(
        `<rect x="${LABEL_WIDTH}" y="${y + 1}" width="${width.toFixed(1)}" height="${BAR_HEIGHT - 2}" fill="${colour}">` +
          `<title>${esc(`${group.label}${bar.series ? ` (${bar.series})` : ''}: ${bar.text}`)}</title></rect>` +
          `<text x="${(LABEL_WIDTH + width + 4).toFixed(1)}" y="${y + BAR_HEIGHT - 4}" class="value">${esc(bar.text)}</text>`,
      );
      y += BAR_HEIGHT;
    }
    y += GROUP_GAP;
  }
  if (!opts.groups.length) {
    parts.push(`<text x="${WIDTH / 2}" y="${y + 14}" text-anchor="middle" class="label">No data</text>`);
    y += 24;
  }
  const height = Math.ceil(y);
  return (
    `<svg data-testid="${esc(opts.testId)}" id="${esc(opts.testId)}" role="img" xmlns="http://www.w3.org/2000/svg" ` +
    `viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}"><title>${esc(opts.title)}</title>` +
    `<line x1="${LABEL_WIDTH}" y1="${legendHeight}" x2="${LABEL_WIDTH}" y2="${height}" class="axis"/>` +
    parts.join('') +
    '</svg>'
  );
}

/**
 * Stations as dots on an equirectangular projection fitted to their bounding box (longitude
 * scaled by the cosine of the middle latitude, so a country keeps its shape); observed stations
 * are drawn last, on top.
 */
export function stationMap(points: StationPoint[], testId = 'map-stations'): string {
  const width = WIDTH;
  const pad = 12;
  const head = (height: number, title: string) =>
    `<svg data-testid="${testId}" id="${testId}" role="img" xmlns="http://www.w3.org/2000/svg" ` +
    `viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><title>${esc(title)}</title>`;
  if (!points.length) {
    return (
      head(60, 'Map of polling stations') +
      `<text x="${width / 2}" y="34" text-anchor="middle" class="label">No polling station has coordinates.</text></svg>`
    );
  }
  const lats = points.map((p) => p.latitude);
  const lons = points.map((p) => p.longitude);
  const [minLat, maxLat] = [Math.min(...lats), Math.max(...lats)];
  const [minLon, maxLon] = [Math.min(...lons), Math.max(...lons)];
  const cos = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  // A single station (or a line of them) still needs a box to be fitted into.
  const spanX = Math.max((maxLon - minLon) * cos, 1e-3);
  const spanY = Math.max(maxLat - minLat, 1e-3);
  const plotW = width - 2 * pad;
  const plotH = Math.min(Math.max((plotW * spanY) / spanX, 120), 720);
  const scale = Math.min(plotW / spanX, plotH / spanY);
  const offsetX = pad + (plotW - spanX * scale) / 2;
  const offsetY = pad + (plotH - spanY * scale) / 2;
  const height = Math.ceil(plotH + 2 * pad + 22);
  // Big dots for a handful of stations, small ones so thousands do not merge into a blot.
  const radius = points.length <= 50 ? 5 : points.length <= 1000 ? 3.5 : 2;
  const dot = (p: StationPoint) => {
    const x = offsetX + (p.longitude - minLon) * cos * scale;
    const y = offsetY + (maxLat - p.latitude) * scale;
    return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${radius}"/>`;
  };
  const observed = points.filter((p) => p.observed);
  const unobserved = points.filter((p) => !p.observed);
  const legendY = height - 8;
  return (
    head(height, `Map of ${points.length} polling stations: ${observed.length} observed`) +
    `<rect x="0" y="0" width="${width}" height="${height - 22}" class="map-bg"/>` +
    `<g class="unobserved" data-testid="map-unobserved">${unobserved.map(dot).join('')}</g>` +
    `<g class="observed" data-testid="map-observed">${observed.map(dot).join('')}</g>` +
    `<circle cx="${pad + 5}" cy="${legendY - 4}" r="4" class="observed-dot"/>` +
    `<text x="${pad + 14}" y="${legendY}" class="legend">Observed (${observed.length})</text>` +
    `<circle cx="${pad + 165}" cy="${legendY - 4}" r="4" class="unobserved-dot"/>` +
    `<text x="${pad + 174}" y="${legendY}" class="legend">Not observed (${unobserved.length})</text>` +
    '</svg>'
  );
}
