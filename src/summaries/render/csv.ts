import { STAGES } from '../../common/stages';
import { Counts, MissionSummary } from '../summary.types';
import { DIMENSIONS, missionClock } from './format';

type Cell = string | number | null | undefined;

/**
 * One CSV cell. Text a spreadsheet would run as a formula (= + - @, tab, carriage return) gets a
 * leading apostrophe; then RFC 4180 quoting. Numbers are the summary's own and are written as is.
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

function section(title: string, header: string[], rows: Cell[][]): string {
  return [[title], header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n');
}

function countRows(dimension: string, counts: Counts): Cell[][] {
  return Object.entries(counts).map(([key, n]) => [dimension, key, n]);
}

/** One table per section, each headed by a title row, separated by a blank line. */
export function renderCsv(s: MissionSummary): string {
  const m = s.mission;
  const clock = missionClock(
    m.timezone,
    s.timeline.map((e) => e.occurredAt),
  );
  const sections = [
    section(
      'Mission',
      ['field', 'value'],
      Object.entries(m).map(([k, v]) => [k, v as Cell]),
    ),
    section(
      'Observers',
      ['dimension', 'value', 'count'],
      [
        ['total', '', s.observers.total],
        ['teams', '', s.observers.teams],
        ...DIMENSIONS.observers.flatMap(([field]) => countRows(field, s.observers[field])),
      ],
    ),
    section(
      'Stations',
      ['dimension', 'value', 'count'],
      [
        ['total', '', s.stations.total],
        ['registeredVoters', '', s.stations.registeredVoters],
        ...DIMENSIONS.stations.flatMap(([field]) => countRows(field, s.stations[field])),
      ],
    ),
    section(
      'Coverage',
      ['stage', 'region', 'observed', 'total', 'share'],
      STAGES.flatMap((stage) => {
        const c = s.coverage[stage];
        return [
          [stage, '', c.observedStations, s.stations.total, c.share] as Cell[],
          ...Object.entries(c.byRegion).map(([region, r]) => [
            stage,
            region,
            r.observed,
            r.total,
            r.total ? r.observed / r.total : null,
          ]),
        ];
      }),
    ),
    section(
      'Assessments',
      ['stage', 'reports', 'rated', 'negative', 'negativeShare'],
      STAGES.map((stage) => {
        const a = s.assessments[stage];
        return [stage, a.reports, a.rated, a.negative, a.negativeShare];
      }),
    ),
    section(
      'Assessment questions',
      ['stage', 'question', 'answered', 'negative', 'negativeShare'],
      STAGES.flatMap((stage) =>
        Object.entries(s.assessments[stage].questions).map(([code, q]) => [
          stage,
          code,
          q.answered,
          q.negative,
          q.negativeShare,
        ]),
      ),
    ),
    section(
      'Incidents',
      ['dimension', 'value', 'count'],
      [
        ['total', '', s.incidents.total],
        ...DIMENSIONS.incidents.flatMap(([field]) => countRows(field, s.incidents[field])),
      ],
    ),
    section(
      'Turnout',
      ['stationsReporting', 'votersVoted', 'registeredVoters', 'share'],
      [[s.turnout.stationsReporting, s.turnout.votersVoted, s.turnout.registeredVoters, s.turnout.share]],
    ),
    section(
      'Timeline',
      [`time (${clock.caption})`, 'occurredAt (UTC)', 'type', 'title'],
      s.timeline.map((e) => [clock.show(e.occurredAt), e.occurredAt, e.type, e.title]),
    ),
    section('Review', ['rule', 'reportsLeftOut'], [[s.review.rule, s.review.reportsLeftOut]]),
    section(
      'Data quality',
      ['metric', 'value'],
      Object.entries(s.dataQuality)
        .filter(([k]) => k !== 'checks')
        .map(([k, v]) => [k, v as Cell]),
    ),
    section(
      'Quality checks',
      ['id', 'stage', 'name', 'severity', 'flaggedReports'],
      s.dataQuality.checks.map((c) => [c.id, c.stage, c.name, c.severity, c.flaggedReports]),
    ),
  ];
  return sections.join('\r\n\r\n') + '\r\n';
}
