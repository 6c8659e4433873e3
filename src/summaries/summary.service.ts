import { Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { STAGES, Stage } from '../election-events/election-event.enums';
import { Mission } from '../missions/entities/mission.entity';
import { missionPeriodBounds } from './mission-period';
import { SummaryReader } from './summary-reader';
import {
  Counts,
  MissionSummary,
  QuestionFigures,
  StageAssessment,
  StageCoverage,
  StationPoint,
  SummaryFilters,
  TimelineEntry,
  UNSPECIFIED,
} from './summary.types';

type Params = Record<string, unknown>;
type Row = Record<string, unknown>;

const RATED = ['very_good', 'good', 'bad', 'very_bad'];
const POSITIVE = ['very_good', 'good'];
const NEGATIVE = ['bad', 'very_bad'];
const TIMELINE_TYPES = ['meeting', 'briefing', 'press_conference', 'statement'];

/** COUNT and SUM come back as strings from PostgreSQL (bigint/numeric) and as numbers from SQLite. */
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
/** A grouping column's value (text in every query here) as a key; NULL or '' is unspecified. */
const key = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return UNSPECIFIED;
  return typeof value === 'string' ? value : JSON.stringify(value);
};
const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** SQLite returns a datetime column as "YYYY-MM-DD HH:MM:SS.SSS" (UTC); PostgreSQL as a Date. */
function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  return /^\d{4}-\d\d-\d\d \d/.test(text) ? `${text.replace(' ', 'T')}Z` : new Date(text).toISOString();
}

function tally(rows: Row[], column: string, into: Counts = {}): Counts {
  for (const row of rows) into[key(row[column])] = (into[key(row[column])] ?? 0) + num(row.n);
  return into;
}

/** Summaries kept at most; each is a few kilobytes (the map's stations: one point per station). */
const CACHE_ENTRIES = 64;

interface CachedSummary {
  /** SummaryQueries.lastChange when it was computed: while it is the same, nothing has changed. */
  lastChange: number;
  summary: MissionSummary;
  stations?: StationPoint[];
}

/**
 * The mission summary, computed with aggregate queries (see README.md beside this file for the
 * exact meaning of every figure). Every query returns grouped rows, never one row per event.
 *
 * A summary of a big mission takes most of a second of the server's CPU, and analysts' pages ask
 * for it again and again. Every change to a mission's data writes an audit entry with the
 * mission's id in the same transaction, so the mission's last audit entry (one index lookup, in
 * the summary's own snapshot) says whether a summary computed before is still the summary of now;
 * then only the one figure that moves with the clock (deployments whose window has passed
 * without a report) is counted again. Kept per process: on PostgreSQL every instance checks the
 * shared audit log, so none answers a summary older than the data.
 */
@Injectable()
export class SummaryService {
  private readonly cache = new Map<string, CachedSummary>();

  constructor(private readonly reader: SummaryReader) {}

  summarize(missionId: number, filters: SummaryFilters = {}): Promise<MissionSummary> {
    return this.reader.read(async (em) => (await this.cached(em, missionId, filters, false)).summary);
  }

  /** The summary plus the stations to draw on the HTML page's map, from one snapshot. */
  summarizeWithMap(
    missionId: number,
    filters: SummaryFilters = {},
  ): Promise<{ summary: MissionSummary; stations: StationPoint[] }> {
    return this.reader.read(async (em) => {
      const { summary, stations } = await this.cached(em, missionId, filters, true);
      return { summary, stations: stations! };
    });
  }

  private async cached(
    em: EntityManager,
    missionId: number,
    filters: SummaryFilters,
    withMap: boolean,
  ): Promise<CachedSummary> {
    const queries = new SummaryQueries(em, missionId, filters);
    const lastChange = await queries.lastChange();
    const cacheKey = JSON.stringify([missionId, filters.from, filters.to, filters.region]);
    const hit = this.cache.get(cacheKey);
    if (hit && hit.lastChange === lastChange && (!withMap || hit.stations)) {
      const deploymentsWithoutReport = await queries.deploymentsWithoutReport();
      // Refreshed in place: the cached summary is the one of now again.
      hit.summary = { ...hit.summary, dataQuality: { ...hit.summary.dataQuality, deploymentsWithoutReport } };
      this.cache.delete(cacheKey);
      this.cache.set(cacheKey, hit);
      return hit;
    }
    const entry: CachedSummary = {
      lastChange,
      summary: await queries.all(),
      stations: withMap ? await queries.stationPoints() : undefined,
    };
    this.cache.delete(cacheKey);
    this.cache.set(cacheKey, entry);
    // Map order is insertion order: the first key is the one used longest ago.
    if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }
}

class SummaryQueries {
  private readonly eventConditions: string;
  private readonly stationConditions: string;
  private readonly params: Params;

  constructor(
    private readonly em: EntityManager,
    private readonly missionId: number,
    filters: SummaryFilters,
  ) {
    this.params = { missionId, visit: 'station_visit', stages: [...STAGES] };
    const events: string[] = [];
    if (filters.from) {
      events.push('AND e."occurredAt" >= :from');
      this.params.from = filters.from;
    }
    if (filters.to) {
      events.push('AND e."occurredAt" <= :to');
      this.params.to = filters.to;
    }
    this.eventConditions = events.join(' ');
    this.stationConditions = '';
    if (filters.region !== undefined) {
      this.stationConditions = 'AND s.region = :region';
      this.params.region = filters.region;
    }
  }

  private get isPostgres(): boolean {
    return this.em.connection.options.type === 'postgres';
  }

  /** Runs SQL written with :named parameters on either engine (the driver rewrites placeholders). */
  private query(sql: string, extra: Params = {}): Promise<Row[]> {
    const [text, values] = this.em.connection.driver.escapeQueryWithParameters(sql, { ...this.params, ...extra }, {});
    return this.em.query(text, values);
  }

  async all(): Promise<MissionSummary> {
    const mission = await this.em.findOneBy(Mission, { id: this.missionId });
    if (!mission) throw new NotFoundException(`Mission ${this.missionId} not found`);
    const stations = await this.stations();
    const { coverage, assessments, conflictingStations } = await this.visits(stations.total, stations.byRegion);
    return {
      mission: {
        id: mission.id,
        name: mission.name,
        organization: mission.organization,
        hostCountry: mission.hostCountry,
        electionName: mission.electionName,
        electionDate: mission.electionDate,
        status: mission.status,
      },
      observers: await this.observers(),
      stations,
      coverage,
      assessments,
      incidents: await this.incidents(),
      turnout: await this.turnout(),
      timeline: await this.timeline(),
      dataQuality: await this.dataQuality(mission, conflictingStations),
    };
  }

  private async observers(): Promise<MissionSummary['observers']> {
    const rows = await this.query(
      `SELECT o.role, o.nationality, o.gender, o."accreditationStatus" AS accreditation, COUNT(*) AS n
       FROM observers o WHERE o."missionId" = :missionId
       GROUP BY o.role, o.nationality, o.gender, o."accreditationStatus"`,
    );
    const [teams] = await this.query(`SELECT COUNT(*) AS n FROM teams t WHERE t."missionId" = :missionId`);
    return {
      total: rows.reduce((sum, row) => sum + num(row.n), 0),
      byRole: tally(rows, 'role'),
      byNationality: tally(rows, 'nationality'),
      byGender: tally(rows, 'gender'),
      byAccreditation: tally(rows, 'accreditation'),
      teams: num(teams.n),
    };
  }

  private async stations(): Promise<MissionSummary['stations']> {
    const rows = await this.query(
      `SELECT s.region, s.type, COUNT(*) AS n, SUM(s."registeredVoters") AS voters
       FROM polling_stations s WHERE s."missionId" = :missionId ${this.stationConditions}
       GROUP BY s.region, s.type`,
    );
    const tags = await this.query(
      this.isPostgres
        ? `SELECT t.tag, COUNT(DISTINCT s.id) AS n
           FROM polling_stations s CROSS JOIN LATERAL json_array_elements_text(s.tags::json) AS t(tag)
           WHERE s."missionId" = :missionId ${this.stationConditions} GROUP BY t.tag`
        : `SELECT j.value AS tag, COUNT(DISTINCT s.id) AS n
           FROM polling_stations s, json_each(s.tags) j
           WHERE s."missionId" = :missionId ${this.stationConditions} GROUP BY j.value`,
    );
    return {
      total: rows.reduce((sum, row) => sum + num(row.n), 0),
      registeredVoters: rows.reduce((sum, row) => sum + num(row.voters), 0),
      byRegion: tally(rows, 'region'),
      byType: tally(rows, 'type'),
      byTag: tally(tags, 'tag'),
    };
  }

  /**
   * Visits grouped per (stage, station): a station visited twice counts once in coverage, and a
   * station is conflicting at a stage when it has both a positive and a negative visit there.
   * The innermost GROUP BY follows the covering index IDX_election_events_summary_visits
   * (missionId, type, stage, pollingStationId, overallAssessment), so the visits are walked once
   * in index order with no sort and no table row read; the assessment CASEs then run on the few
   * (stage, station, assessment) groups instead of on every visit.
   */
  private visitsPerStationSql(): string {
    return `SELECT g.stage, g.station_id, s.region, SUM(g.n) AS reports,
              SUM(CASE WHEN g.assessment IN (:...rated) THEN g.n ELSE 0 END) AS rated,
              SUM(CASE WHEN g.assessment IN (:...negative) THEN g.n ELSE 0 END) AS negative,
              SUM(CASE WHEN g.assessment IN (:...positive) THEN g.n ELSE 0 END) AS positive
            FROM (
              SELECT e.stage AS stage, e."pollingStationId" AS station_id, e."overallAssessment" AS assessment,
                     COUNT(*) AS n
              FROM election_events e
              WHERE e."missionId" = :missionId AND e.type = :visit AND e.stage IN (:...stages)
                AND e."pollingStationId" IS NOT NULL ${this.eventConditions}
              GROUP BY e.stage, e."pollingStationId", e."overallAssessment"
            ) g
            JOIN polling_stations s ON s.id = g.station_id ${this.stationConditions}
            GROUP BY g.stage, g.station_id, s.region`;
  }

  private readonly assessmentParams = { rated: RATED, negative: NEGATIVE, positive: POSITIVE };

  /**
   * Coverage, assessments and the conflicting-stations count of data quality from ONE walk of the
   * visits: the per-station CTE is materialized once (it is referenced twice), the outer query
   * rolls it up per (stage, region), and the uncorrelated subquery (evaluated once, repeated on
   * every row) counts stations that conflict at any stage, each once.
   */
  private async visits(
    totalStations: number,
    stationsByRegion: Counts,
  ): Promise<Pick<MissionSummary, 'coverage' | 'assessments'> & { conflictingStations: number }> {
    const rows = await this.query(
      `WITH v AS (${this.visitsPerStationSql()})
       SELECT v.stage, v.region, COUNT(*) AS observed, SUM(v.reports) AS reports, SUM(v.rated) AS rated,
              SUM(v.negative) AS negative,
              (SELECT COUNT(DISTINCT c.station_id) FROM v c WHERE c.positive > 0 AND c.negative > 0) AS conflicting
       FROM v
       GROUP BY v.stage, v.region`,
      this.assessmentParams,
    );
    const questions = await this.questions();
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
      const sum = (column: string) => mine.reduce((total, row) => total + num(row[column]), 0);
      const observedStations = sum('observed');
      coverage[stage] = { observedStations, share: ratio(observedStations, totalStations) ?? 0, byRegion };
      const rated = sum('rated');
      const negative = sum('negative');
      assessments[stage] = {
        reports: sum('reports'),
        rated,
        negative,
        negativeShare: ratio(negative, rated),
        questions: questions[stage] ?? {},
      };
    }
    return { coverage, assessments, conflictingStations: rows.length ? num(rows[0].conflicting) : 0 };
  }

  /**
   * A question is answered when its value is neither null (not answered / not applicable) nor
   * blank nor the literal "n/a"; only answered questions can be negative.
   *
   * Answers carry their visit's stage (only visits, which always have a station and a stage, have
   * answers), so without filters this is one ordered walk of the covering index
   * IDX_event_answers_summary (missionId, stage, questionCode, negative, value) with no event
   * looked up. The inner GROUP BY follows that index, so the answered test runs once per distinct
   * value, not once per answer. With filters, each answer's event gives the time and the station.
   */
  private async questions(): Promise<Partial<Record<Stage, Record<string, QuestionFigures>>>> {
    const answered = `g.value IS NOT NULL AND TRIM(g.value) <> '' AND LOWER(TRIM(g.value)) <> 'n/a'`;
    const filtered = this.eventConditions !== '' || this.stationConditions !== '';
    const eventJoin = filtered ? `JOIN election_events e ON e.id = a."eventId" ${this.eventConditions}` : '';
    const stationJoin = this.stationConditions
      ? `JOIN polling_stations s ON s.id = e."pollingStationId" ${this.stationConditions}`
      : '';
    const rows = await this.query(
      `SELECT g.stage, g.code,
              SUM(CASE WHEN ${answered} THEN g.n ELSE 0 END) AS answered,
              SUM(CASE WHEN ${answered} AND g.negative = TRUE THEN g.n ELSE 0 END) AS negative
       FROM (
         SELECT a.stage, a."questionCode" AS code, a.negative, a.value, COUNT(*) AS n
         FROM event_answers a ${eventJoin} ${stationJoin}
         WHERE a."missionId" = :missionId
         GROUP BY a.stage, a."questionCode", a.negative, a.value
       ) g
       GROUP BY g.stage, g.code`,
    );
    const byStage: Partial<Record<Stage, Record<string, QuestionFigures>>> = {};
    for (const row of rows) {
      const stage = row.stage as Stage;
      const answeredCount = num(row.answered);
      const negative = num(row.negative);
      (byStage[stage] ??= {})[String(row.code)] = {
        answered: answeredCount,
        negative,
        negativeShare: ratio(negative, answeredCount),
      };
    }
    return byStage;
  }

  private async incidents(): Promise<MissionSummary['incidents']> {
    const join = this.stationConditions ? 'JOIN' : 'LEFT JOIN';
    const rows = await this.query(
      `SELECT e.category, e.severity, e.status, s.region, COUNT(*) AS n
       FROM election_events e
       ${join} polling_stations s ON s.id = e."pollingStationId" ${this.stationConditions}
       WHERE e."missionId" = :missionId AND e.type = :incident ${this.eventConditions}
       GROUP BY e.category, e.severity, e.status, s.region`,
      { incident: 'incident' },
    );
    return {
      total: rows.reduce((sum, row) => sum + num(row.n), 0),
      byCategory: tally(rows, 'category'),
      bySeverity: tally(rows, 'severity'),
      byStatus: tally(rows, 'status'),
      byRegion: tally(rows, 'region'),
    };
  }

  /**
   * Per station, the latest visit that reports votersVoted (ties on time broken by the later id);
   * stations whose registered voters are unknown cannot give a share and are left out.
   *
   * Driven from the stations: for each, one backward step along IDX_election_events_summary_turnout
   * (missionId, type, pollingStationId, occurredAt, id, votersVoted) finds its latest report,
   * instead of numbering every visit of the mission with a window function.
   */
  private async turnout(): Promise<MissionSummary['turnout']> {
    const [row] = await this.query(
      `SELECT COUNT(*) AS stations, SUM(t.voters) AS voted, SUM(t.registered) AS registered
       FROM (
         SELECT s."registeredVoters" AS registered,
                (SELECT e."votersVoted" FROM election_events e
                 WHERE e."missionId" = s."missionId" AND e.type = :visit AND e."pollingStationId" = s.id
                   AND e."votersVoted" IS NOT NULL ${this.eventConditions}
                 ORDER BY e."occurredAt" DESC, e.id DESC LIMIT 1) AS voters
         FROM polling_stations s
         WHERE s."missionId" = :missionId AND s."registeredVoters" IS NOT NULL ${this.stationConditions}
       ) t
       WHERE t.voters IS NOT NULL`,
    );
    const votersVoted = num(row.voted);
    const registeredVoters = num(row.registered);
    return {
      stationsReporting: num(row.stations),
      votersVoted,
      registeredVoters,
      share: ratio(votersVoted, registeredVoters),
    };
  }

  /**
   * Contact events in time order; the region filter does not apply (they are not at a station).
   * One arm per type so each is a range of the (missionId, type, ...) index: with `type IN (...)`
   * SQLite prefers walking the whole mission in time order to skip the sort of a few rows.
   */
  private async timeline(): Promise<TimelineEntry[]> {
    const arms = TIMELINE_TYPES.map(
      (_, i) =>
        `SELECT e.id, e."occurredAt" AS at, e.type, e.title FROM election_events e
         WHERE e."missionId" = :missionId AND e.type = :type${i} ${this.eventConditions}`,
    );
    const rows = await this.query(
      `SELECT x.at, x.type, x.title FROM (${arms.join(' UNION ALL ')}) x ORDER BY x.at, x.id`,
      Object.fromEntries(TIMELINE_TYPES.map((type, i) => [`type${i}`, type])),
    );
    return rows.map((row) => ({
      occurredAt: toIso(row.at),
      type: row.type as TimelineEntry['type'],
      title: String(row.title),
    }));
  }

  /** `conflictingStations` comes from the visits pass (see visits()). */
  /**
   * What changes whenever the mission's data does: its audit entries, which are written with
   * every change and never removed. On SQLite transactions run one after another, so ids grow
   * in commit order and the last id says it (one index lookup). PostgreSQL hands out ids when
   * rows are inserted, not when they commit (a later id can be visible before an earlier one),
   * so there the count of entries says it.
   */
  async lastChange(): Promise<number> {
    const what = this.isPostgres ? 'COUNT(*)' : 'COALESCE(MAX(id), 0)';
    const [row] = await this.query(`SELECT ${what} AS n FROM audit_entries WHERE "missionId" = :missionId`);
    return num(row?.n);
  }

  /** Deployments whose window has passed (now) without a visit at one of their stages. */
  async deploymentsWithoutReport(): Promise<number> {
    // A stage is missing when the deployment lists it and the mission has no visit to that
    // station at that stage (by anyone, at any time).
    const missingStage = STAGES.map(
      (_stage, i) =>
        `(d.stages LIKE :stagePattern${i} AND NOT EXISTS (
           SELECT 1 FROM election_events e WHERE e."missionId" = d."missionId" AND e.stage = :stage${i}
             AND e."pollingStationId" = d."pollingStationId" AND e.type = :visit))`,
    ).join(' OR ');
    const stageParams = Object.fromEntries(
      STAGES.flatMap((stage, i) => [
        [`stage${i}`, stage],
        [`stagePattern${i}`, `%"${stage}"%`],
      ]),
    );
    const deploymentWindow = [
      this.params.from ? 'AND d."endsAt" >= :from' : '',
      this.params.to ? 'AND d."startsAt" <= :to' : '',
    ].join(' ');
    const [deployments] = await this.query(
      `SELECT COUNT(*) AS n FROM deployments d
       JOIN polling_stations s ON s.id = d."pollingStationId" ${this.stationConditions}
       WHERE d."missionId" = :missionId AND d.status <> :cancelled AND d."endsAt" <= :now ${deploymentWindow}
         AND (${missingStage})`,
      { ...stageParams, cancelled: 'cancelled', now: new Date() },
    );
    return num(deployments.n);
  }

  private async dataQuality(mission: Mission, conflictingStations: number): Promise<MissionSummary['dataQuality']> {
    const deploymentsWithoutReport = await this.deploymentsWithoutReport();
    const period = missionPeriodBounds(mission.startDate, mission.endDate, mission.timezone);
    const stationFilter = this.stationConditions
      ? `AND e."pollingStationId" IN (SELECT s.id FROM polling_stations s WHERE s."missionId" = :missionId ${this.stationConditions})`
      : '';
    // Two ranges of IDX_election_events_mission_time (an OR of both made SQLite walk every event).
    const outsideCount = (range: string) =>
      `SELECT COUNT(*) FROM election_events e
       WHERE e."missionId" = :missionId AND ${range} ${this.eventConditions} ${stationFilter}`;
    const [outside] = await this.query(
      `SELECT (${outsideCount('e."occurredAt" < :periodStart')}) + (${outsideCount('e."occurredAt" >= :periodEnd')}) AS n`,
      { periodStart: period.start, periodEnd: period.end },
    );
    return {
      deploymentsWithoutReport,
      stationsWithConflictingAssessments: conflictingStations,
      eventsOutsideMissionPeriod: num(outside.n),
    };
  }

  async stationPoints(): Promise<StationPoint[]> {
    const rows = await this.query(
      `SELECT s.latitude, s.longitude,
              CASE WHEN EXISTS (
                SELECT 1 FROM election_events e
                WHERE e."missionId" = s."missionId" AND e.stage IN (:...stages) AND e."pollingStationId" = s.id
                  AND e.type = :visit ${this.eventConditions}
              ) THEN 1 ELSE 0 END AS observed
       FROM polling_stations s
       WHERE s."missionId" = :missionId AND s.latitude IS NOT NULL AND s.longitude IS NOT NULL ${this.stationConditions}`,
    );
    return rows.map((row) => ({
      latitude: Number(row.latitude),
      longitude: Number(row.longitude),
      observed: num(row.observed) === 1,
    }));
  }
}
