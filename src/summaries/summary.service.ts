import { Injectable, NotFoundException } from '@nestjs/common';
import { STAGES, Stage } from '../election-events/election-event.enums';
import { missionPeriodBounds } from './mission-period';
import { CachedSummary, SummaryCache } from './summary-cache';
import { num, Row, SummaryQueries, SummaryStore } from './summary.store';
import {
  Counts,
  MissionSummary,
  QuestionFigures,
  StageAssessment,
  StageCoverage,
  StationPoint,
  SummaryFilters,
  UNSPECIFIED,
} from './summary.types';

const ASSESSMENTS = {
  rated: ['very_good', 'good', 'bad', 'very_bad'],
  positive: ['very_good', 'good'],
  negative: ['bad', 'very_bad'],
};

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
 * The mission summary (see README.md beside this file for the exact meaning of every figure), from
 * the store's grouped rows on one snapshot. A summary kept in the cache is answered while the
 * mission's data has not changed; then only the one figure that moves with the clock (deployments
 * whose window has passed without a report) is counted again.
 */
@Injectable()
export class SummaryService {
  private readonly cache = new SummaryCache();

  constructor(private readonly store: SummaryStore) {}

  summarize(missionId: number, filters: SummaryFilters = {}): Promise<MissionSummary> {
    return this.store.read(missionId, filters, async (queries) => {
      return (await this.cached(queries, missionId, filters, false)).summary;
    });
  }

  /** The summary plus the stations to draw on the HTML page's map, from one snapshot. */
  summarizeWithMap(
    missionId: number,
    filters: SummaryFilters = {},
  ): Promise<{ summary: MissionSummary; stations: StationPoint[] }> {
    return this.store.read(missionId, filters, async (queries) => {
      const { summary, stations } = await this.cached(queries, missionId, filters, true);
      return { summary, stations: stations! };
    });
  }

  private async cached(
    queries: SummaryQueries,
    missionId: number,
    filters: SummaryFilters,
    withMap: boolean,
  ): Promise<CachedSummary> {
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
      summary: await this.compute(queries, missionId),
      stations: withMap ? await queries.stationPoints() : undefined,
    });
  }

  private async compute(queries: SummaryQueries, missionId: number): Promise<MissionSummary> {
    const mission = await queries.mission();
    if (!mission) throw new NotFoundException(`Mission ${missionId} not found`);
    const observers = await queries.observerGroups();
    const teams = await queries.teamCount();
    const stationRows = await queries.stationGroups();
    const stations = {
      total: total(stationRows),
      registeredVoters: total(stationRows, 'voters'),
      byRegion: tally(stationRows, 'region'),
      byType: tally(stationRows, 'type'),
      byTag: tally(await queries.stationTags(), 'tag'),
    };
    const visits = await queries.visitGroups(ASSESSMENTS);
    const questions = questionFigures(await queries.questionGroups());
    const incidents = await queries.incidentGroups();
    const turnout = await queries.turnout();
    const timeline = await queries.timeline();
    const deploymentsWithoutReport = await queries.deploymentsWithoutReport();
    const period = missionPeriodBounds(mission.startDate, mission.endDate, mission.timezone);
    const { id, name, organization, hostCountry, electionName, electionDate, status } = mission;
    return {
      mission: { id, name, organization, hostCountry, electionName, electionDate, status },
      observers: {
        total: total(observers),
        byRole: tally(observers, 'role'),
        byNationality: tally(observers, 'nationality'),
        byGender: tally(observers, 'gender'),
        byAccreditation: tally(observers, 'accreditation'),
        teams,
      },
      stations,
      ...visitFigures(visits, questions, stations.total, stations.byRegion),
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
      timeline,
      dataQuality: {
        deploymentsWithoutReport,
        stationsWithConflictingAssessments: visits.length ? num(visits[0].conflicting) : 0,
        eventsOutsideMissionPeriod: await queries.eventsOutside(period.start, period.end),
      },
    };
  }
}

/** Coverage and assessments per stage, from the visits rolled up per (stage, region). */
function visitFigures(
  rows: Row[],
  questions: Partial<Record<Stage, Record<string, QuestionFigures>>>,
  totalStations: number,
  stationsByRegion: Counts,
): Pick<MissionSummary, 'coverage' | 'assessments'> {
  const coverage = {} as Record<Stage, StageCoverage>;
  const assessments = {} as Record<Stage, StageAssessment>;
  for (const stage of STAGES) {
    const byRegion = Object.fromEntries(
      Object.entries(stationsByRegion).map(([region, total]) => [region, { observed: 0, total }]),
    );
    const mine = rows.filter((row) => row.stage === stage);
    for (const row of mine) {
      const region = key(row.region);
      byRegion[region] ??= { observed: 0, total: 0 };
      byRegion[region].observed += num(row.observed);
    }
    const observedStations = total(mine, 'observed');
    coverage[stage] = { observedStations, share: ratio(observedStations, totalStations) ?? 0, byRegion };
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

function questionFigures(rows: Row[]): Partial<Record<Stage, Record<string, QuestionFigures>>> {
  const byStage: Partial<Record<Stage, Record<string, QuestionFigures>>> = {};
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
