import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditStore } from '../audit/audit.store';
import { SnapshotReader, jsonArrayElements } from '../database';
import { STAGES, Stage } from '../common/stages';
import { REPORT_TYPES } from '../election-events/entities/election-event.enums';
import { Mission } from '../missions/entities/mission.entity';
import { MissionSummary, ReviewRule, StationPoint, SummaryFilters, TimelineEntry } from './summary.types';

export type Row = Record<string, unknown>;

const TIMELINE_TYPES = ['meeting', 'briefing', 'press_conference', 'statement'];
/** Each review rule as a condition on a row's reviewState; `{a}` is the row's alias. */
const REVIEW_CONDITIONS: Record<ReviewRule, string> = {
  not_rejected: `AND {a}."reviewState" <> 'rejected'`,
  accepted: `AND {a}."reviewState" = 'accepted'`,
  all: '',
};
const POSITIVE = ['very_good', 'good'];
const NEGATIVE = ['bad', 'very_bad'];

/** COUNT and SUM come back as strings from PostgreSQL (bigint/numeric) and as numbers from SQLite. */
export const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/** SQLite returns a datetime column as "YYYY-MM-DD HH:MM:SS.SSS" (UTC); PostgreSQL as a Date. */
function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  return /^\d{4}-\d\d-\d\d \d/.test(text) ? `${text.replace(' ', 'T')}Z` : new Date(text).toISOString();
}

/** Where summaries read from: every query of one summary on one consistent snapshot. */
@Injectable()
export class SummaryStore {
  constructor(
    private readonly snapshots: SnapshotReader,
    private readonly audit: AuditStore,
    private readonly dataSource: DataSource,
  ) {}

  read<T>(missionId: number, filters: SummaryFilters, work: (queries: SummaryQueries) => Promise<T>): Promise<T> {
    return this.snapshots.read((em) => work(new SummaryQueries(em, missionId, filters, this.audit)));
  }

  /** The mission's time zone (its filters' plain dates are its days), or null when there is no such mission. */
  async missionZone(missionId: number): Promise<string | null> {
    const mission = await this.dataSource.manager.findOne(Mission, {
      select: { id: true, timezone: true },
      where: { id: missionId },
    });
    return mission?.timezone ?? null;
  }
}

/** The summary's aggregate queries for one mission and filters: grouped rows, never one row per event. */
export class SummaryQueries {
  /** The review rule the report figures follow. */
  readonly reviewRule: ReviewRule;
  private readonly eventConditions: string;
  /** The time filters and the review rule, on reports (visits, incidents) aliased `e`. */
  private readonly reportConditions: string;
  private readonly stationConditions: string;
  private readonly params: Row;

  constructor(
    private readonly em: EntityManager,
    readonly missionId: number,
    readonly filters: SummaryFilters,
    private readonly audit: AuditStore,
  ) {
    this.params = { missionId, visit: 'station_visit', stages: [...STAGES], ...filters };
    const from = filters.from ? 'AND e."occurredAt" >= :from' : '';
    const to = filters.to ? 'AND e."occurredAt" <= :to' : '';
    this.eventConditions = from && to ? `${from} ${to}` : from || to;
    this.reviewRule = filters.review ?? 'not_rejected';
    this.reportConditions = `${this.eventConditions} ${this.counted('e')}`.trim();
    this.stationConditions = filters.region !== undefined ? 'AND s.region = :region' : '';
  }

  /** The review rule on the rows aliased `alias` (events or answers: both carry the report's state). */
  private counted(alias: string): string {
    return REVIEW_CONDITIONS[this.reviewRule].replace(/\{a\}/g, alias);
  }

  /** Runs SQL written with :named parameters on either engine (the driver rewrites placeholders). */
  private query(sql: string, extra: Row = {}): Promise<Row[]> {
    const [text, values] = this.em.connection.driver.escapeQueryWithParameters(sql, { ...this.params, ...extra }, {});
    return this.em.query(text, values);
  }

  mission(): Promise<Mission | null> {
    return this.em.findOneBy(Mission, { id: this.missionId });
  }

  /** Observers counted per (role, nationality, gender, accreditation): column `n`. */
  observerGroups(): Promise<Row[]> {
    return this.query(
      `SELECT o.role, o.nationality, o.gender, o."accreditationStatus" AS accreditation, COUNT(*) AS n
       FROM observers o WHERE o."missionId" = :missionId
       GROUP BY o.role, o.nationality, o.gender, o."accreditationStatus"`,
    );
  }

  async teamCount(): Promise<number> {
    const [teams] = await this.query(`SELECT COUNT(*) AS n FROM teams t WHERE t."missionId" = :missionId`);
    return num(teams.n);
  }

  /** Stations counted per (region, type) as `n`, with their registered voters summed as `voters`. */
  stationGroups(): Promise<Row[]> {
    return this.query(
      `SELECT s.region, s.type, COUNT(*) AS n, SUM(s."registeredVoters") AS voters
       FROM polling_stations s WHERE s."missionId" = :missionId ${this.stationConditions}
       GROUP BY s.region, s.type`,
    );
  }

  /** Stations counted per tag (`tag`, `n`). */
  stationTags(): Promise<Row[]> {
    return this.query(
      `SELECT t.value AS tag, COUNT(DISTINCT s.id) AS n
       FROM polling_stations s ${jsonArrayElements(this.em, 's.tags', 't')}
       WHERE s."missionId" = :missionId ${this.stationConditions} GROUP BY t.value`,
    );
  }

  /**
   * Visits per (stage, region): `observed` stations, `reports`, `rated`, `negative`; `conflicting` (on
   * every row): stations with a positive and a negative visit at one stage. The inner GROUP BY walks
   * the covering index IDX_election_events_summary_visits in order (no sort, no table row read), so
   * the CASEs run per (stage, station, assessment) group, not per visit; the CTE is computed once.
   */
  visitGroups(): Promise<Row[]> {
    return this.query(
      `WITH v AS (
         SELECT g.stage, g.station_id, s.region, SUM(g.n) AS reports,
                SUM(CASE WHEN g.assessment IN (:...rated) THEN g.n ELSE 0 END) AS rated,
                SUM(CASE WHEN g.assessment IN (:...negative) THEN g.n ELSE 0 END) AS negative,
                SUM(CASE WHEN g.assessment IN (:...positive) THEN g.n ELSE 0 END) AS positive
         FROM (
           SELECT e.stage AS stage, e."pollingStationId" AS station_id, e."overallAssessment" AS assessment,
                  COUNT(*) AS n
           FROM election_events e
           WHERE e."missionId" = :missionId AND e.type = :visit AND e.stage IN (:...stages)
             AND e."pollingStationId" IS NOT NULL ${this.reportConditions}
           GROUP BY e.stage, e."pollingStationId", e."overallAssessment"
         ) g
         JOIN polling_stations s ON s.id = g.station_id ${this.stationConditions}
         GROUP BY g.stage, g.station_id, s.region)
       SELECT v.stage, v.region, COUNT(*) AS observed, SUM(v.reports) AS reports, SUM(v.rated) AS rated,
              SUM(v.negative) AS negative,
              (SELECT COUNT(DISTINCT c.station_id) FROM v c WHERE c.positive > 0 AND c.negative > 0) AS conflicting
       FROM v
       GROUP BY v.stage, v.region`,
      { rated: [...POSITIVE, ...NEGATIVE], positive: POSITIVE, negative: NEGATIVE },
    );
  }

  /**
   * Answers per (stage, question `code`): `answered` (value not null, i.e. not "not answered / not
   * applicable", nor blank nor "n/a") and `negative` (answered and flagged). Answers carry their
   * visit's stage, so without filters this walks the covering index IDX_event_answers_summary in
   * order, no event looked up, testing each distinct value once; filters need each answer's event.
   */
  questionGroups(): Promise<Row[]> {
    const answered = `g.value IS NOT NULL AND TRIM(g.value) <> '' AND LOWER(TRIM(g.value)) <> 'n/a'`;
    const filtered = this.eventConditions !== '' || this.stationConditions !== '';
    const eventJoin = filtered ? `JOIN election_events e ON e.id = a."eventId" ${this.reportConditions}` : '';
    const stationJoin = this.stationConditions
      ? `JOIN polling_stations s ON s.id = e."pollingStationId" ${this.stationConditions}`
      : '';
    return this.query(
      `SELECT g.stage, g.code,
              SUM(CASE WHEN ${answered} THEN g.n ELSE 0 END) AS answered,
              SUM(CASE WHEN ${answered} AND g.negative = TRUE THEN g.n ELSE 0 END) AS negative
       FROM (
         SELECT a.stage, a."questionCode" AS code, a.negative, a.value, COUNT(*) AS n
         FROM event_answers a ${eventJoin} ${stationJoin}
         WHERE a."missionId" = :missionId ${filtered ? '' : this.counted('a')}
         GROUP BY a.stage, a."questionCode", a.negative, a.value
       ) g
       GROUP BY g.stage, g.code`,
    );
  }

  /** Incidents counted per (category, severity, status, region of their station). */
  incidentGroups(): Promise<Row[]> {
    const join = this.stationConditions ? 'JOIN' : 'LEFT JOIN';
    return this.query(
      `SELECT e.category, e.severity, e.status, s.region, COUNT(*) AS n
       FROM election_events e
       ${join} polling_stations s ON s.id = e."pollingStationId" ${this.stationConditions}
       WHERE e."missionId" = :missionId AND e.type = :incident ${this.reportConditions}
       GROUP BY e.category, e.severity, e.status, s.region`,
      { incident: 'incident' },
    );
  }

  /**
   * `stations`, `voted`, `registered`: per station whose registered voters are known, its latest
   * visit reporting votersVoted (ties broken by the later id), found by one backward step along
   * IDX_election_events_summary_turnout instead of numbering every visit with a window function.
   */
  async turnout(): Promise<Row> {
    const [row] = await this.query(
      `SELECT COUNT(*) AS stations, SUM(t.voters) AS voted, SUM(t.registered) AS registered
       FROM (
         SELECT s."registeredVoters" AS registered,
                (SELECT e."votersVoted" FROM election_events e
                 WHERE e."missionId" = s."missionId" AND e.type = :visit AND e."pollingStationId" = s.id
                   AND e."votersVoted" IS NOT NULL ${this.reportConditions}
                 ORDER BY e."occurredAt" DESC, e.id DESC LIMIT 1) AS voters
         FROM polling_stations s
         WHERE s."missionId" = :missionId AND s."registeredVoters" IS NOT NULL ${this.stationConditions}
       ) t
       WHERE t.voters IS NOT NULL`,
    );
    return row;
  }

  /**
   * Contact events in time order; the region filter does not apply (they are not at a station).
   * One arm per type so each is a range of the (missionId, type, ...) index: with `type IN (...)`
   * SQLite prefers walking the whole mission in time order to skip the sort of a few rows.
   */
  async timeline(): Promise<TimelineEntry[]> {
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

  /** Moves whenever the mission's data does (the audit log's stamp, read in this snapshot). */
  lastChange(): Promise<number> {
    return this.audit.changeStamp(this.em, this.missionId);
  }

  /** Ended, not cancelled deployments with a stage at which their station has no visit (by anyone, ever). */
  async deploymentsWithoutReport(): Promise<number> {
    const missingStage = STAGES.map(
      (_stage, i) =>
        `(d.stages LIKE :stagePattern${i} AND NOT EXISTS (
           SELECT 1 FROM election_events e WHERE e."missionId" = d."missionId" AND e.stage = :stage${i}
             AND e."pollingStationId" = d."pollingStationId" AND e.type = :visit ${this.counted('e')}))`,
    ).join(' OR ');
    const stageRow = Object.fromEntries(
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
      { ...stageRow, cancelled: 'cancelled', now: new Date() },
    );
    return num(deployments.n);
  }

  /** Events (within the filters) that occurred before `start` or at/after `end`. */
  async eventsOutside(start: Date, end: Date): Promise<number> {
    const stationFilter = this.stationConditions
      ? `AND e."pollingStationId" IN (SELECT s.id FROM polling_stations s WHERE s."missionId" = :missionId ${this.stationConditions})`
      : '';
    // Two ranges of IDX_election_events_mission_time (an OR of both made SQLite walk every event).
    const outsideCount = (range: string) =>
      `SELECT COUNT(*) FROM election_events e
       WHERE e."missionId" = :missionId AND ${range} ${this.eventConditions} ${stationFilter}
         AND (e.type NOT IN (:...reportTypes) OR (1 = 1 ${this.counted('e')}))`;
    const [outside] = await this.query(
      `SELECT (${outsideCount('e."occurredAt" < :periodStart')}) + (${outsideCount('e."occurredAt" >= :periodEnd')}) AS n`,
      { periodStart: start, periodEnd: end, reportTypes: [...REPORT_TYPES] },
    );
    return num(outside.n);
  }

  /** Reports within the time and region filters that the review rule leaves out of the figures. */
  async reportsLeftOut(): Promise<number> {
    if (this.reviewRule === 'all') return 0;
    return this.countReports(`AND NOT (1 = 1 ${this.counted('e')})`);
  }

  /** Each quality check of the mission with the visits (within the filters and the rule) it flags. */
  async checkCounts(): Promise<MissionSummary['dataQuality']['checks']> {
    const stationFilter = this.stationConditions
      ? `AND e."pollingStationId" IN (SELECT s.id FROM polling_stations s WHERE s."missionId" = :missionId ${this.stationConditions})`
      : '';
    const rows = await this.query(
      `SELECT c.id, c.stage, c.name, c.severity,
              (SELECT COUNT(*) FROM report_flags f JOIN election_events e ON e.id = f."eventId"
               WHERE f."checkId" = c.id ${this.reportConditions} ${stationFilter}) AS n
       FROM quality_checks c WHERE c."missionId" = :missionId
       ORDER BY c.stage, c.name, c.id`,
    );
    return rows.map((r) => ({
      id: num(r.id),
      stage: r.stage as Stage,
      name: String(r.name),
      severity: String(r.severity),
      flaggedReports: num(r.n),
    }));
  }

  /** Reports within the time and region filters that no coordinator has decided on yet. */
  unreviewedReports(): Promise<number> {
    return this.countReports(`AND e."reviewState" = 'unreviewed'`);
  }

  private async countReports(condition: string): Promise<number> {
    const stationFilter = this.stationConditions
      ? `AND e."pollingStationId" IN (SELECT s.id FROM polling_stations s WHERE s."missionId" = :missionId ${this.stationConditions})`
      : '';
    const [row] = await this.query(
      `SELECT COUNT(*) AS n FROM election_events e
       WHERE e."missionId" = :missionId AND e.type IN (:...reportTypes) ${this.eventConditions} ${stationFilter} ${condition}`,
      { reportTypes: [...REPORT_TYPES] },
    );
    return num(row.n);
  }

  async stationPoints(): Promise<StationPoint[]> {
    const rows = await this.query(
      `SELECT s.latitude, s.longitude,
              CASE WHEN EXISTS (
                SELECT 1 FROM election_events e
                WHERE e."missionId" = s."missionId" AND e.stage IN (:...stages) AND e."pollingStationId" = s.id
                  AND e.type = :visit ${this.reportConditions}
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
