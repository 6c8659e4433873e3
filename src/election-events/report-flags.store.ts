import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Reads, WriteSet } from '../database';
import { STAGES, Stage } from '../common/stages';
import { CompiledCondition } from '../quality-checks/condition';
import { CheckSeverity } from '../quality-checks/entities/quality-check.entity';
import { ReportFacts, StationFacts } from '../quality-checks/report-values';
import { ReportFlag } from './entities/report-flag.entity';

/** Errors before warnings, then by name: the order a report's flags are shown in. */
export const bySeverityThenName = (a: { severity: string; name: string }, b: { severity: string; name: string }) =>
  a.severity === b.severity ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.severity === 'error' ? -1 : 1;

/** A visit with its station and review state, as the flags are worked out from. */
export type StationReport = ReportFacts & { stationId: number; rejected: boolean };

const marks = (from: number, count: number) => Array.from({ length: count }, (_, i) => `$${from + i}`).join(', ');
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
/** SQLite answers a datetime column as "YYYY-MM-DD HH:MM:SS.SSS" (UTC); PostgreSQL as a Date. */
const instant = (v: unknown): Date =>
  v instanceof Date
    ? v
    : new Date(/^\d{4}-\d\d-\d\d \d/.test(String(v)) ? `${String(v).replace(' ', 'T')}Z` : String(v));

function toReport(r: Record<string, unknown>): StationReport {
  return {
    id: Number(r.id),
    stage: r.stage as Stage,
    occurredAt: instant(r.occurredAt),
    overallAssessment: (r.overallAssessment as string | null) ?? null,
    votersVoted: num(r.votersVoted),
    answers: {},
    stationId: Number(r.pollingStationId),
    rejected: r.reviewState === 'rejected',
  };
}

/** Which quality checks each station visit fails; read and written inside the write that changes them. */
@Injectable()
export class ReportFlagsStore {
  constructor(@InjectRepository(ReportFlag) private readonly flags: Repository<ReportFlag>) {}

  /** The station visits at `stationIds` with their answers, as stored in this write's transaction. */
  async stationReports(reads: Reads, missionId: number, stationIds: number[]): Promise<StationReport[]> {
    if (!stationIds.length) return [];
    const rows = await reads.read(
      `SELECT id, stage, "occurredAt", "overallAssessment", "votersVoted", "reviewState", "pollingStationId"
       FROM election_events WHERE "missionId" = $1 AND type = 'station_visit' AND "pollingStationId" IN (${marks(2, stationIds.length)})`,
      [missionId, ...stationIds],
    );
    return this.withAnswers(reads, rows.map(toReport));
  }

  /**
   * The `perStage` latest visits (not rejected) of each stage at the station, with their answers:
   * one short backward walk per stage along IDX_election_events_mission_stage_station.
   */
  async latestReports(reads: Reads, missionId: number, stationId: number, perStage: number): Promise<StationReport[]> {
    const arms = STAGES.map(
      (_, i) =>
        `SELECT * FROM (SELECT id, stage, "occurredAt", "overallAssessment", "votersVoted", "reviewState", "pollingStationId"
         FROM election_events WHERE "missionId" = $1 AND stage = $${i + 3} AND "pollingStationId" = $2
           AND type = 'station_visit' AND "reviewState" <> 'rejected'
         ORDER BY "occurredAt" DESC, id DESC LIMIT ${perStage}) s${i}`,
    );
    const rows = await reads.read(arms.join(' UNION ALL '), [missionId, stationId, ...STAGES]);
    return this.withAnswers(reads, rows.map(toReport));
  }

  /** `reports` with their answers filled in, read in one query. */
  private async withAnswers(reads: Reads, reports: StationReport[]): Promise<StationReport[]> {
    if (!reports.length) return reports;
    const byId = new Map(reports.map((r) => [r.id, r]));
    const answers = await reads.read(
      `SELECT "eventId", "questionCode", value FROM event_answers WHERE "eventId" IN (${marks(1, reports.length)})`,
      reports.map((r) => r.id),
    );
    for (const a of answers)
      byId.get(Number(a.eventId))!.answers[String(a.questionCode)] = (a.value as string | null) ?? null;
    return reports;
  }

  async stations(reads: Reads, stationIds: number[]): Promise<Map<number, StationFacts>> {
    if (!stationIds.length) return new Map();
    const rows = await reads.read(
      `SELECT id, "registeredVoters", region FROM polling_stations WHERE id IN (${marks(1, stationIds.length)})`,
      stationIds,
    );
    return new Map(
      rows.map((r) => [
        Number(r.id),
        { registeredVoters: num(r.registeredVoters), region: (r.region as string | null) ?? null },
      ]),
    );
  }

  /** The mission's quality checks as plain rows, their compiled conditions parsed. */
  async checksOf(reads: Reads, missionId: number) {
    const rows = await reads.read(
      `SELECT id, stage, name, severity, compiled FROM quality_checks WHERE "missionId" = $1 ORDER BY id`,
      [missionId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      stage: r.stage as Stage,
      name: String(r.name),
      severity: r.severity as CheckSeverity,
      compiled: JSON.parse(String(r.compiled)) as CompiledCondition,
    }));
  }

  /** The checks each of `eventIds` is flagged with now. */
  async current(reads: Reads, eventIds: number[]): Promise<Map<number, Set<number>>> {
    const flagged = new Map<number, Set<number>>(eventIds.map((id) => [id, new Set()]));
    if (!eventIds.length) return flagged;
    const rows = await reads.read(
      `SELECT "eventId", "checkId" FROM report_flags WHERE "eventId" IN (${marks(1, eventIds.length)})`,
      eventIds,
    );
    for (const r of rows) flagged.get(Number(r.eventId))!.add(Number(r.checkId));
    return flagged;
  }

  /** A stored visit's flags set to `checkIds`: stale ones removed, new ones added (a repeat is a no-op). */
  change(writes: WriteSet, missionId: number, eventId: number, removed: number[], added: number[]): void {
    if (removed.length) {
      writes.change(`DELETE FROM report_flags WHERE "eventId" = $1 AND "checkId" IN (${marks(2, removed.length)})`, [
        eventId,
        ...removed,
      ]);
    }
    for (const checkId of added) {
      writes.change(
        `INSERT INTO report_flags ("missionId", "eventId", "checkId") VALUES ($1, $2, $3) ON CONFLICT ("eventId", "checkId") DO NOTHING`,
        [missionId, eventId, checkId],
      );
    }
  }

  /** A new visit's flags, inserted after its row. */
  add(writes: WriteSet, missionId: number, eventId: number, checkIds: number[]): void {
    for (const checkId of checkIds)
      writes.insert('report_flags', ['missionId', 'eventId', 'checkId'], [missionId, eventId, checkId]);
  }

  /** Each event's flags as the API shows them: check id, name and severity, errors first. */
  async ofEvents(
    eventIds: number[],
    em = this.flags.manager,
  ): Promise<Map<number, { checkId: number; name: string; severity: string }[]>> {
    const out = new Map<number, { checkId: number; name: string; severity: string }[]>();
    if (!eventIds.length) return out;
    const rows: { eventId: number; checkId: number; name: string; severity: string }[] = await em
      .createQueryBuilder(ReportFlag, 'f')
      .innerJoin('f.check', 'c')
      .select(['f.eventId AS "eventId"', 'f.checkId AS "checkId"', 'c.name AS name', 'c.severity AS severity'])
      .where('f.eventId IN (:...eventIds)', { eventIds })
      .getRawMany();
    for (const r of rows) {
      const list = out.get(Number(r.eventId)) ?? [];
      list.push({ checkId: Number(r.checkId), name: r.name, severity: r.severity });
      out.set(Number(r.eventId), list);
    }
    for (const list of out.values()) list.sort(bySeverityThenName);
    return out;
  }

  /** The stations with a visit at `stage`, in id order. */
  async stationsWithVisits(missionId: number, stage: Stage): Promise<number[]> {
    const rows: { id: number }[] = await this.flags.manager.query(
      ...this.flags.manager.connection.driver.escapeQueryWithParameters(
        `SELECT DISTINCT "pollingStationId" AS id FROM election_events
         WHERE "missionId" = :missionId AND type = 'station_visit' AND stage = :stage AND "pollingStationId" IS NOT NULL
         ORDER BY "pollingStationId"`,
        { missionId, stage },
        {},
      ),
    );
    return rows.map((r) => Number(r.id));
  }

  /** Reports (not rejected) each check of the mission flags now. */
  async countsByCheck(missionId: number): Promise<Map<number, number>> {
    const rows: { checkId: number; n: string | number }[] = await this.flags.manager
      .createQueryBuilder(ReportFlag, 'f')
      .innerJoin('f.event', 'e')
      .select(['f.checkId AS "checkId"', 'COUNT(*) AS n'])
      .where('f.missionId = :missionId', { missionId })
      .andWhere("e.reviewState <> 'rejected'")
      .groupBy('f.checkId')
      .getRawMany();
    return new Map(rows.map((r) => [Number(r.checkId), Number(r.n)]));
  }
}
