import { Counts, MissionSummary, RenderContext } from '../summary.types';
import {
  count,
  DIMENSIONS,
  filtersText,
  generatedText,
  label,
  missionClock,
  percent,
  reportedStages,
  reviewText,
  sortedCounts,
} from './format';
import { barChart, esc, stationMap } from './svg';

const STYLE = `
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d232b; margin: 0; background: #f4f6f8; }
main { max-width: 980px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.2em; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #1f5f99; }
h3 { font-size: 1em; margin: 16px 0 6px; }
p.meta { color: #4a5563; margin: 2px 0; }
.figures { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0; }
.figure { border: 1px solid #d5dbe1; border-radius: 6px; padding: 8px 12px; min-width: 140px; }
.figure b { display: block; font-size: 1.4em; }
.tables { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
table { border-collapse: collapse; margin: 4px 0 8px; font-size: 0.92em; }
th, td { border: 1px solid #d5dbe1; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #eef2f6; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
svg { max-width: 100%; height: auto; display: block; margin: 6px 0 12px; }
svg text { font: 12px system-ui, sans-serif; fill: #1d232b; }
svg .axis { stroke: #8a96a3; stroke-width: 1; }
svg .map-bg { fill: #f3f7fb; stroke: #d5dbe1; }
svg .observed circle, svg .observed-dot { fill: #1f7a3a; stroke: #fff; stroke-width: 0.6; }
svg .unobserved circle, svg .unobserved-dot { fill: #b9c0c8; stroke: #fff; stroke-width: 0.6; }
.note { color: #4a5563; font-size: 0.9em; }
@media print {
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  section, table, svg, .figures { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  @page { margin: 15mm; }
}
`;

function countsTable(title: string, counts: Counts): string {
  const rows = sortedCounts(counts)
    .map(([k, n]) => `<tr><td>${esc(label(k))}</td><td class="n">${count(n)}</td></tr>`)
    .join('');
  return `<table><thead><tr><th>${esc(title)}</th><th>Count</th></tr></thead><tbody>${rows || '<tr><td colspan="2">None</td></tr>'}</tbody></table>`;
}

function table(header: string[], rows: string[][], numericFrom = 1): string {
  const head = header.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${row.map((cell, i) => `<td${i >= numericFrom ? ' class="n"' : ''}>${esc(cell)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function figure(value: string, caption: string): string {
  return `<div class="figure"><b>${esc(value)}</b>${esc(caption)}</div>`;
}

/**
 * One self-contained page: inline CSS and SVG, no script, no external request, so it can be
 * saved, mailed and printed as it is. Every text from the database goes through esc().
 */
export function renderHtml(s: MissionSummary, ctx: RenderContext): string {
  const m = s.mission;
  const stages = reportedStages(s);
  const regions = Object.keys(s.stations.byRegion).sort();

  const negativeChart = barChart({
    testId: 'chart-negative-share',
    title: 'Share of rated reports assessed negatively, by stage',
    max: 1,
    groups: stages.map((st) => ({
      label: label(st),
      bars: [
        {
          series: '',
          value: s.assessments[st].negativeShare ?? 0,
          text: `${percent(s.assessments[st].negativeShare)} of ${count(s.assessments[st].rated)}`,
        },
      ],
    })),
  });
  const coverageChart = barChart({
    testId: 'chart-coverage-region',
    title: 'Share of polling stations observed, by region and stage',
    max: 1,
    series: stages.map(label),
    groups: regions.map((region) => ({
      label: label(region),
      bars: stages.map((st) => {
        const r = s.coverage[st].byRegion[region] ?? { observed: 0, total: 0 };
        const share = r.total ? r.observed / r.total : 0;
        return { series: label(st), value: share, text: `${percent(share)} (${count(r.observed)}/${count(r.total)})` };
      }),
    })),
  });
  const incidentEntries = sortedCounts(s.incidents.byCategory);
  const incidentChart = barChart({
    testId: 'chart-incidents-category',
    title: 'Incidents by category',
    max: Math.max(0, ...incidentEntries.map(([, n]) => n)),
    groups: incidentEntries.map(([category, n]) => ({
      label: label(category),
      bars: [{ series: '', value: n, text: count(n) }],
    })),
  });

  const t = s.turnout;
  const q = s.dataQuality;
  const clock = missionClock(
    m.timezone,
    s.timeline.map((e) => e.occurredAt),
  );
  const body = `
<main>
<header>
<h1>Mission summary: ${esc(m.name)}</h1>
<p class="meta">${esc(m.organization)} · ${esc(m.electionName)} (${esc(m.hostCountry)}) · election day ${esc(m.electionDate)} · status ${esc(label(m.status))}</p>
<p class="meta">Filters: ${esc(filtersText(ctx.filters))} · generated ${esc(generatedText(m.timezone, ctx.generatedAt))}</p>
<p class="meta" data-testid="review-rule">${esc(reviewText(s.review))}</p>
</header>

<section id="observers"><h2>Observers</h2>
<div class="figures">${figure(count(s.observers.total), 'observers')}${figure(count(s.observers.teams), 'teams')}</div>
<div class="tables">${DIMENSIONS.observers.map(([f, title]) => countsTable(title, s.observers[f])).join('')}</div>
</section>

<section id="stations"><h2>Polling stations</h2>
<div class="figures">${figure(count(s.stations.total), 'polling stations')}${figure(count(s.stations.registeredVoters), 'registered voters')}</div>
<div class="tables">${DIMENSIONS.stations.map(([f, title]) => countsTable(title, s.stations[f])).join('')}</div>
<h3>Map of polling stations</h3>
${stationMap(ctx.stations ?? [])}
</section>

<section id="coverage"><h2>Coverage</h2>
${
  stages.length
    ? table(
        ['Stage', 'Stations observed', 'Share of stations'],
        stages.map((st) => [label(st), count(s.coverage[st].observedStations), percent(s.coverage[st].share)]),
      )
    : '<p>No station visit has been reported.</p>'
}
<h3>Coverage by region</h3>
${coverageChart}
</section>

<section id="assessments"><h2>Assessments</h2>
${table(
  ['Stage', 'Reports', 'Rated', 'Assessed negatively', 'Negative share'],
  stages.map((st) => {
    const a = s.assessments[st];
    return [label(st), count(a.reports), count(a.rated), count(a.negative), percent(a.negativeShare)];
  }),
)}
<p class="note">Negative means bad or very bad; the share is of rated reports (not applicable left out).</p>
<h3>Negative share by stage</h3>
${negativeChart}
${stages
  .map((st) => {
    const questions = Object.entries(s.assessments[st].questions).sort((a, b) => a[0].localeCompare(b[0]));
    if (!questions.length) return '';
    return `<h3>Checklist questions: ${esc(label(st))}</h3>${table(
      ['Question', 'Answered', 'Negative', 'Negative share'],
      questions.map(([code, x]) => [code, count(x.answered), count(x.negative), percent(x.negativeShare)]),
    )}`;
  })
  .join('')}
</section>

<section id="incidents"><h2>Incidents</h2>
<div class="figures">${figure(count(s.incidents.total), 'incidents')}</div>
${incidentChart}
<div class="tables">${DIMENSIONS.incidents
    .filter(([f]) => f !== 'byCategory')
    .map(([f, title]) => countsTable(title, s.incidents[f]))
    .join('')}</div>
</section>

<section id="turnout"><h2>Observed turnout</h2>
${
  t.stationsReporting
    ? `<div class="figures">${figure(percent(t.share), 'turnout')}${figure(count(t.votersVoted), 'voters voted')}${figure(count(t.registeredVoters), 'registered voters')}${figure(count(t.stationsReporting), 'stations reporting')}</div>`
    : '<p>No visit has reported the number of voters who voted.</p>'
}
</section>

<section id="timeline"><h2>Timeline</h2>
${
  s.timeline.length
    ? table(
        [`When (${clock.caption})`, 'Type', 'Title'],
        s.timeline.map((e) => [clock.show(e.occurredAt), label(e.type), e.title]),
        3,
      )
    : '<p>No meetings, briefings, press conferences or statements recorded.</p>'
}
</section>

<section id="data-quality"><h2>Data quality</h2>
${table(
  ['Check', 'Count'],
  [
    ['Deployments without a report', count(q.deploymentsWithoutReport)],
    ['Stations with conflicting assessments', count(q.stationsWithConflictingAssessments)],
    ['Events outside the mission period', count(q.eventsOutsideMissionPeriod)],
    ['Reports not yet reviewed', count(q.unreviewedReports)],
  ],
)}
${
  q.checks.length
    ? `<h3>Quality checks</h3>${table(
        ['Check', 'Stage', 'Severity', 'Reports flagged'],
        q.checks.map((c) => [c.name, label(c.stage), label(c.severity), count(c.flaggedReports)]),
        3,
      )}`
    : ''
}
</section>
</main>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Mission summary: ${esc(m.name)}</title>
<style>${STYLE}</style>
</head>
<body>${body}
</body>
</html>
`;
}
