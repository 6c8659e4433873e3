import { STAGES } from '../../common/stages';
import { MissionSummary, RenderContext } from '../summary.types';
import { csvCell, renderCsv } from './csv';
import { percent } from './format';
import { renderHtml } from './html';
import { mdText, renderMarkdown } from './markdown';
import { stationMap } from './svg';

function summary(): MissionSummary {
  const empty = () => ({ reports: 0, rated: 0, negative: 0, negativeShare: null, questions: {} });
  const coverage = Object.fromEntries(
    STAGES.map((s) => [s, { observedStations: 0, share: 0, byRegion: { North: { observed: 0, total: 2 } } }]),
  ) as unknown as MissionSummary['coverage'];
  const assessments = Object.fromEntries(STAGES.map((s) => [s, empty()])) as unknown as MissionSummary['assessments'];
  coverage.opening = { observedStations: 1, share: 0.5, byRegion: { North: { observed: 1, total: 2 } } };
  assessments.opening = {
    reports: 3,
    rated: 3,
    negative: 1,
    negativeShare: 1 / 3,
    questions: { boxSealed: { answered: 3, negative: 1, negativeShare: 1 / 3 } },
  };
  return {
    mission: {
      id: 1,
      name: '<script>alert(1)</script>',
      organization: 'Org | Pipe',
      hostCountry: 'AZ',
      electionName: '@SUM(A1)',
      electionDate: '2024-02-07',
      timezone: 'Asia/Baku',
      status: 'active',
    },
    observers: {
      total: 2,
      byRole: { sto: 2 },
      byNationality: { TR: 2 },
      byGender: { female: 2 },
      byAccreditation: { accredited: 2 },
      teams: 1,
    },
    stations: { total: 2, registeredVoters: 1500, byRegion: { North: 2 }, byType: { regular: 2 }, byTag: {} },
    coverage,
    assessments,
    incidents: {
      total: 1,
      byCategory: { intimidation: 1 },
      bySeverity: { high: 1 },
      byStatus: { reported: 1 },
      byRegion: { North: 1 },
    },
    turnout: { stationsReporting: 1, votersVoted: 250, registeredVoters: 1000, share: 0.25 },
    timeline: [
      { occurredAt: '2024-02-05T08:00:00.000Z', type: 'meeting', title: '-2+3, "quoted"\nnext line' },
      { occurredAt: '2024-02-06T07:00:00.000Z', type: 'meeting', title: 'Minister of Foreign Affairs' },
    ],
    review: { rule: 'not_rejected', reportsLeftOut: 2 },
    dataQuality: {
      deploymentsWithoutReport: 0,
      stationsWithConflictingAssessments: 0,
      eventsOutsideMissionPeriod: 0,
      unreviewedReports: 4,
      checks: [{ id: 1, stage: 'opening', name: 'Fewer than 3 <members>', severity: 'warning', flaggedReports: 2 }],
    },
  };
}
const ctx: RenderContext = { filters: {}, generatedAt: '2024-02-08T00:00:00.000Z' };

describe('summary renderers', () => {
  it('formats shares as percentages with one decimal', () => {
    expect(percent(1 / 3)).toBe('33.3%');
    expect(percent(0)).toBe('0.0%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(null)).toBe('n/a');
  });

  it('neutralises formula cells and quotes CSV properly', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@x')).toBe("'@x");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe('"\'\rx"');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    const csv = renderCsv(summary());
    expect(csv).toContain("electionName,'@SUM(A1)");
    expect(csv).toContain(`meeting,"'-2+3, ""quoted""\nnext line"`);
    expect(csv.split('\r\n\r\n')).toHaveLength(12);
  });

  it('keeps Markdown tables intact and raw HTML inert', () => {
    expect(mdText('a|b')).toBe('a\\|b');
    const md = renderMarkdown(summary(), ctx);
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;');
    expect(md).toContain('Org \\| Pipe');
    expect(md).toContain('| Opening | 3 | 3 | 1 | 33.3% |');
    expect(md).toContain('| STO | 2 |');
  });

  it('escapes every text in the HTML page and draws the charts and the map', () => {
    const html = renderHtml(summary(), { ...ctx, stations: [{ latitude: 40, longitude: 49, observed: true }] });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('@media print');
    for (const id of ['chart-negative-share', 'chart-coverage-region', 'chart-incidents-category', 'map-stations']) {
      expect(html).toContain(`data-testid="${id}"`);
    }
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('fits the map to the bounding box, north up', () => {
    const svg = stationMap([
      { latitude: 42, longitude: 19, observed: true },
      { latitude: 40, longitude: 21, observed: false },
    ]);
    const dots = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="5"\/>/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    const [unobserved, observed] = dots;
    expect(observed[0]).toBeLessThan(unobserved[0]); // west is left
    expect(observed[1]).toBeLessThan(unobserved[1]); // north is up
    expect(stationMap([])).toContain('No polling station has coordinates');
  });

  it('shows the timeline and the time it was made on the mission clocks, naming the zone once', () => {
    const md = renderMarkdown(summary(), ctx);
    expect(md).toContain('| When (Baku time, UTC+04:00) | Type | Title |');
    expect(md).toContain('| 2024-02-06 11:00 | Meeting | Minister of Foreign Affairs |');
    expect(md).toContain('Generated 2024-02-08 04:00 Baku time, UTC+04:00.');
    const html = renderHtml(summary(), ctx);
    expect(html).toContain('<th>When (Baku time, UTC+04:00)</th>');
    expect(html).toMatch(/<td>2024-02-06 11:00<\/td>\s*<td>Meeting<\/td>/);
    const csv = renderCsv(summary());
    expect(csv).toContain('Timeline\r\n"time (Baku time, UTC+04:00)",occurredAt (UTC),type,title\r\n');
    expect(csv).toContain('2024-02-06 11:00,2024-02-06T07:00:00.000Z,meeting,Minister of Foreign Affairs');
    expect(csv).toContain('timezone,Asia/Baku');
  });

  it('writes each time with its offset when the timeline crosses a daylight-saving change', () => {
    const s = summary();
    s.mission.timezone = 'America/New_York';
    // 01:30 twice on 3 November 2024: first at -04:00, then at -05:00.
    s.timeline = [
      { occurredAt: '2024-11-03T05:30:00.000Z', type: 'briefing', title: 'First' },
      { occurredAt: '2024-11-03T06:30:00.000Z', type: 'briefing', title: 'Second' },
    ];
    const md = renderMarkdown(s, ctx);
    expect(md).toContain('| When (New York time, UTC-04:00 and UTC-05:00) | Type | Title |');
    expect(md).toContain('| 2024-11-03 01:30 (UTC-04:00) | Briefing | First |');
    expect(md).toContain('| 2024-11-03 01:30 (UTC-05:00) | Briefing | Second |');
  });
});
