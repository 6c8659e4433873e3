import { MissionSummary, RenderContext } from '../summary.types';
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

/** Text made inert for Markdown: no emphasis, links, headings, table breaks or raw HTML. */
export function mdText(text: string): string {
  return (
    text
      .replace(/[\r\n\t]+/g, ' ')
      .replace(/[\\`*_{}[\]|~]/g, (c) => `\\${c}`)
      // Only at the start of a cell or line do these open a heading, a list or a quote.
      .replace(/^([#+\-=>]|\d+\.)/, '\\$1')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
  );
}

function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [line(header), line(align), ...rows.map(line)].join('\n');
}

function countsTable(title: string, counts: Record<string, number>): string {
  const rows = sortedCounts(counts).map(([k, n]) => [mdText(label(k)), count(n)]);
  return rows.length ? table([title, 'Count'], rows) : `No data by ${title.toLowerCase()}.`;
}

/** The summary as Markdown for a statement draft: the same numbers as the JSON, for people. */
export function renderMarkdown(s: MissionSummary, ctx: RenderContext): string {
  const out: string[] = [];
  const stages = reportedStages(s);
  const m = s.mission;
  out.push(`# Mission summary: ${mdText(m.name)}`);
  out.push(
    `${mdText(m.organization)}, ${mdText(m.electionName)} (${mdText(m.hostCountry)}), election day ${m.electionDate}. ` +
      `Mission status: ${label(m.status)}.`,
  );
  out.push(`Filters: ${mdText(filtersText(ctx.filters))}. Generated ${generatedText(m.timezone, ctx.generatedAt)}.`);
  out.push(reviewText(s.review));

  out.push('## Observers');
  out.push(`${count(s.observers.total)} observers in ${count(s.observers.teams)} teams.`);
  for (const [field, title] of DIMENSIONS.observers)
    out.push(`### By ${title.toLowerCase()}`, countsTable(title, s.observers[field]));

  out.push('## Polling stations');
  out.push(`${count(s.stations.total)} polling stations with ${count(s.stations.registeredVoters)} registered voters.`);
  for (const [field, title] of DIMENSIONS.stations)
    out.push(`### By ${title.toLowerCase()}`, countsTable(title, s.stations[field]));

  out.push('## Coverage');
  if (!stages.length) out.push('No station visit has been reported.');
  else {
    out.push(
      table(
        ['Stage', 'Stations observed', 'Share of stations'],
        stages.map((st) => [label(st), count(s.coverage[st].observedStations), percent(s.coverage[st].share)]),
      ),
    );
    const regions = Object.keys(s.stations.byRegion).sort();
    out.push('### Coverage by region');
    out.push(
      table(
        ['Region', ...stages.map(label)],
        regions.map((region) => [
          mdText(label(region)),
          ...stages.map((st) => {
            const r = s.coverage[st].byRegion[region] ?? { observed: 0, total: 0 };
            return `${count(r.observed)} / ${count(r.total)} (${percent(r.total ? r.observed / r.total : null)})`;
          }),
        ]),
      ),
    );
  }

  out.push('## Assessments');
  if (stages.length) {
    out.push(
      table(
        ['Stage', 'Reports', 'Rated', 'Assessed negatively', 'Negative share'],
        stages.map((st) => {
          const a = s.assessments[st];
          return [label(st), count(a.reports), count(a.rated), count(a.negative), percent(a.negativeShare)];
        }),
      ),
    );
    out.push(
      'Negative means bad or very bad; the share is of rated reports (reports marked not applicable are left out).',
    );
    for (const st of stages) {
      const questions = Object.entries(s.assessments[st].questions).sort((a, b) => a[0].localeCompare(b[0]));
      if (!questions.length) continue;
      out.push(`### Checklist questions: ${label(st)}`);
      out.push(
        table(
          ['Question', 'Answered', 'Negative', 'Negative share'],
          questions.map(([code, q]) => [mdText(code), count(q.answered), count(q.negative), percent(q.negativeShare)]),
        ),
      );
    }
  } else out.push('No station visit has been reported.');

  out.push('## Incidents');
  out.push(`${count(s.incidents.total)} incidents reported.`);
  if (s.incidents.total) {
    for (const [field, title] of DIMENSIONS.incidents)
      out.push(`### By ${title.toLowerCase()}`, countsTable(title, s.incidents[field]));
  }

  out.push('## Observed turnout');
  const t = s.turnout;
  out.push(
    t.stationsReporting
      ? `${count(t.votersVoted)} voters had voted out of ${count(t.registeredVoters)} registered (${percent(t.share)}), ` +
          `from the latest report of ${count(t.stationsReporting)} stations.`
      : 'No visit has reported the number of voters who voted.',
  );

  out.push('## Timeline');
  const clock = missionClock(
    m.timezone,
    s.timeline.map((e) => e.occurredAt),
  );
  out.push(
    s.timeline.length
      ? table(
          [`When (${clock.caption})`, 'Type', 'Title'],
          s.timeline.map((e) => [clock.show(e.occurredAt), label(e.type), mdText(e.title)]),
        )
      : 'No meetings, briefings, press conferences or statements recorded.',
  );

  out.push('## Data quality');
  const q = s.dataQuality;
  out.push(
    [
      `- Deployments without a report: ${count(q.deploymentsWithoutReport)}`,
      `- Stations with conflicting assessments: ${count(q.stationsWithConflictingAssessments)}`,
      `- Events outside the mission period: ${count(q.eventsOutsideMissionPeriod)}`,
      `- Reports not yet reviewed: ${count(q.unreviewedReports)}`,
    ].join('\n'),
  );
  if (q.checks.length) {
    out.push('### Quality checks');
    out.push(
      table(
        ['Check', 'Stage', 'Severity', 'Reports flagged'],
        q.checks.map((c) => [mdText(c.name), label(c.stage), label(c.severity), count(c.flaggedReports)]),
      ),
    );
  }
  return out.join('\n\n') + '\n';
}
