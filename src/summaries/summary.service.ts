import { Injectable, NotFoundException } from '@nestjs/common';
import { STAGES, Stage } from '../common/stages';
import { missionPeriodBounds, timeRange } from '../common/mission-time';
import { CachedSummary, SummaryCache } from './summary-cache';
import { num, Row, SummaryQueries, SummaryStore } from './summary.store';
import {
  Counts,
  MissionSummary,
  QuestionFigures,
  ReviewRule,
  StationPoint,
  SummaryFilters,
  UNSPECIFIED,
} from './summary.types';

type QuestionsByStage = Partial<Record<Stage, Record<string, QuestionFigures>>>;

/** A grouping column's value (text in every query here) as a key; NULL or '' is unspecified. */
const key = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return UNSPECIFIED;
  return typeof value === 'string' ? value : JSON.stringify(value);
};
const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const total = (rows: Row[], column = 'n') => rows.reduce((sum, row) => sum + num(row[column]), 0);

function tally(rows: Row[], column: string, into: Counts = {}): Counts {
  for (const row of rows) into[key(row[column])] = (into[key(row[column])] ?? 0) + num(row.n);
  return into;
}

/**
 * The mission summary (README.md beside this file: what each figure means) from the store's grouped rows of one
 * snapshot; a cached one while the data is unchanged, with the one figure that moves with the clock counted again.
 */
@Injectable()
export class SummaryService {
  private readonly cache = new SummaryCache();

  constructor(private readonly store: SummaryStore) {}

  /** The summary's filters as instants: plain dates are days of the mission's time zone. */
  async filters(
    missionId: number,
    query: { from?: string; to?: string; region?: string; review?: ReviewRule },
  ): Promise<SummaryFilters> {
    const zone = await this.store.missionZone(missionId);
    if (!zone) throw new NotFoundException(`Mission ${missionId} not found`);
    return { ...timeRange(query, zone, 'inclusive'), region: query.region, review: query.review ?? 'not_rejected' };
  }

  summarize(missionId: number, filters: SummaryFilters = {}): Promise<MissionSummary> {
    return this.store.read(missionId, filters, async (queries) => (await this.cached(queries, false)).summary);
  }

  /** The summary plus the stations to draw on the HTML page's map, from one snapshot. */
  summarizeWithMap(
    missionId: number,
    filters: SummaryFilters = {},
  ): Promise<{ summary: MissionSummary; stations: StationPoint[] }> {
    return this.store.read(missionId, filters, async (queries) => {
      const { summary, stations } = await this.cached(queries, true);
      return { summary, stations: stations! };
    });
  }

  private async cached(queries: SummaryQueries, withMap: boolean): Promise<CachedSummary> {
    const { missionId, filters } = queries;
    const lastChange = await queries.lastChange();
    const hit = this.cache.find(missionId, filters, lastChange, withMap);
    if (hit) {
      const deploymentsWithoutReport = await queries.deploymentsWithoutReport();
      // Refreshed in place: the cached summary is the one of now again.
      hit.summary = { ...hit.summary, dataQuality: { ...hit.summary.dataQuality, deploymentsWithoutReport } };
      return hit;
    }
    return this.cache.keep(missionId, filters, {
      lastChange,
      summary: await this.compute(queries),
      stations: withMap ? await queries.stationPoints() : undefined,
    });
  }

  private async compute(queries: SummaryQueries): Promise<MissionSummary> {
    const mission = await queries.mission();
    if (!mission) throw new NotFoundException(`Mission ${queries.missionId} not found`);
    const observers = await queries.observerGroups();
    const stationRows = await queries.stationGroups();
    const stations = {
      total: total(stationRows),
      registeredVoters: total(stationRows, 'voters'),
      byRegion: tally(stationRows, 'region'),
      byType: tally(stationRows, 'type'),
      byTag: tally(await queries.stationTags(), 'tag'),
    };
    const visits = await queries.visitGroups();
    const incidents = await queries.incidentGroups();
    const turnout = await queries.turnout();
    const period = missionPeriodBounds(mission.startDate, mission.endDate, mission.timezone);
    const { id, name, organization, hostCountry, electionName, electionDate, timezone, status } = mission;
    return {
      mission: { id, name, organization, hostCountry, electionName, electionDate, timezone, status },
      observers: {
        total: total(observers),
        byRole: tally(observers, 'role'),
        byNationality: tally(observers, 'nationality'),
        byGender: tally(observers, 'gender'),
        byAccreditation: tally(observers, 'accreditation'),
        teams: await queries.teamCount(),
      },
      stations,
      ...visitFigures(visits, questionFigures(await queries.questionGroups()), stations),
      incidents: {
        total: total(incidents),
        byCategory: tally(incidents, 'category'),
        bySeverity: tally(incidents, 'severity'),
        byStatus: tally(incidents, 'status'),
        byRegion: tally(incidents, 'region'),
      },
      turnout: {
        stationsReporting: num(turnout.stations),
        votersVoted: num(turnout.voted),
        registeredVoters: num(turnout.registered),
        share: ratio(num(turnout.voted), num(turnout.registered)),
      },
      timeline: await queries.timeline(),
      review: { rule: queries.reviewRule, reportsLeftOut: await queries.reportsLeftOut() },
      dataQuality: {
        deploymentsWithoutReport: await queries.deploymentsWithoutReport(),
        stationsWithConflictingAssessments: visits.length ? num(visits[0].conflicting) : 0,
        eventsOutsideMissionPeriod: await queries.eventsOutside(period.start, period.end),
        unreviewedReports: await queries.unreviewedReports(),
        checks: await queries.checkCounts(),
      },
    };
  }
}

/** Coverage and assessments per stage, from the visits rolled up per (stage, region). */
function visitFigures(rows: Row[], questions: QuestionsByStage, stations: MissionSummary['stations']) {
  const coverage = {} as MissionSummary['coverage'];
  const assessments = {} as MissionSummary['assessments'];
  for (const stage of STAGES) {
    const byRegion = Object.fromEntries(
      Object.entries(stations.byRegion).map(([region, total]) => [region, { observed: 0, total }]),
    );
    const mine = rows.filter((row) => row.stage === stage);
    for (const row of mine) {
      const region = key(row.region);
      byRegion[region] ??= { observed: 0, total: 0 };
      byRegion[region].observed += num(row.observed);
    }
    const observedStations = total(mine, 'observed');
    coverage[stage] = { observedStations, share: ratio(observedStations, stations.total) ?? 0, byRegion };
    const rated = total(mine, 'rated');
    const negative = total(mine, 'negative');
    assessments[stage] = {
      reports: total(mine, 'reports'),
      rated,
      negative,
      negativeShare: ratio(negative, rated),
      questions: questions[stage] ?? {},
    };
  }
  return { coverage, assessments };
}

function questionFigures(rows: Row[]): QuestionsByStage {
  const byStage: QuestionsByStage = {};
  for (const row of rows) {
    const answered = num(row.answered);
    const negative = num(row.negative);
    (byStage[row.stage as Stage] ??= {})[String(row.code)] = {
      answered,
      negative,
      negativeShare: ratio(negative, answered),
    };
  }
  return byStage;
}
