import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuditService } from '../audit/audit.service';
import { systemCaller } from '../common/request-context';
import { EntityManager } from 'typeorm';
import { DatabaseWriter, Reads, WriteSet } from '../database';
import { MissionsService } from '../missions/missions.service';
import { QualityCheck } from '../quality-checks/entities/quality-check.entity';
import { QualityChecksStore } from '../quality-checks/quality-checks.store';
import { failingChecks, reportValues, StationFacts } from '../quality-checks/report-values';
import { StageSchedule } from '../missions/entities/stage-schedule';
import { ReportFlagView } from './dto/election-event.dto';
import { bySeverityThenName, ReportFlagsStore, StationReport } from './report-flags.store';

type CheckRule = Pick<QualityCheck, 'id' | 'stage' | 'name' | 'severity' | 'compiled'>;

/** What working out flags needs besides the visits. */
interface FlagContext {
  checks: CheckRule[];
  byStage: Map<string, CheckRule[]>;
  mission: { timezone: string; stageSchedule: StageSchedule };
  stations: Map<number, StationFacts>;
}

function byStage(checks: CheckRule[]): Map<string, CheckRule[]> {
  const grouped = new Map<string, CheckRule[]>();
  for (const check of checks) grouped.set(check.stage, [...(grouped.get(check.stage) ?? []), check]);
  return grouped;
}

interface FlagChange {
  eventId: number;
  removed: number[];
  added: number[];
}

/** What turns a visit's flags `had` into `failing`. */
const diff = (eventId: number, had: Set<number>, failing: number[]): FlagChange => ({
  eventId,
  removed: [...had].filter((id) => !failing.includes(id)),
  added: failing.filter((id) => !had.has(id)),
});

const RECHECK = systemCaller('system', 'quality-check re-check');

/** Stations re-checked per transaction: small enough that visits keep flowing in between. */
const RECHECK_BATCH = 5;
/** Up to this many stations, a saved check's re-check finishes before the API answers. */
const ANSWER_AFTER_RECHECK = 100;

/**
 * Keeps each station visit's flags (the quality checks it fails) current. A visit is checked
 * against its station's other visits too, so whenever a visit is stored, edited or reviewed, every
 * visit of its station is worked out again in the same write; a changed check re-checks its
 * stage's stations in the background.
 */
@Injectable()
export class ReportFlagsService {
  private readonly logger = new Logger(ReportFlagsService.name);

  constructor(
    private readonly store: ReportFlagsStore,
    private readonly checks: QualityChecksStore,
    private readonly missions: MissionsService,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
  ) {}

  /**
   * Works out the flags of every visit at `stationIds` (after an edit, a review, an import) and
   * records what changed with the write.
   */
  async refresh(writes: WriteSet, missionId: number, stationIds: number[]): Promise<void> {
    this.record(writes, missionId, await this.work(writes, writes.em, missionId, stationIds));
  }

  /**
   * The flags of a visit this write is recording (its row is not stored yet), answered as its view
   * shows them. Its station's other visits are compared with it too, but only the latest of each
   * stage, whose values it can change, are worked out again: a read and a check bounded by the five
   * stages, however many visits the station has. Older visits are brought up to date by the next
   * edit, review or re-check.
   */
  async flagNewVisit(
    writes: WriteSet,
    missionId: number,
    visit: StationReport,
    known: { timezone: string; stageSchedule: StageSchedule; station: StationFacts },
  ): Promise<ReportFlagView[]> {
    // Read as plain rows in the write's own reads: this runs for every visit that comes in.
    const checks = await this.store.checksOf(writes, missionId);
    if (!checks.length) return [];
    const context = {
      checks,
      byStage: byStage(checks),
      mission: { timezone: known.timezone, stageSchedule: known.stageSchedule },
      stations: new Map([[visit.stationId, known.station]]),
    };
    // The two latest (not rejected) of each stage: the latest is worked out again, and needs the
    // one before it as its own stage's other report.
    const recent = await this.store.latestReports(writes, missionId, visit.stationId, 2);
    const latest = recent.filter((r, i) => recent.findIndex((o) => o.stage === r.stage) === i);
    const { changes, failingOfNew } = this.evaluate(context, [...recent, visit], [...latest, visit], visit.id);
    const current = await this.store.current(
      writes,
      changes.map((c) => c.eventId),
    );
    this.record(
      writes,
      missionId,
      changes.map(({ eventId, failing }) => diff(eventId, current.get(eventId)!, failing)),
    );
    this.store.add(writes, missionId, visit.id, failingOfNew);
    return context.checks
      .filter((c) => failingOfNew.includes(c.id))
      .map((c) => ({ checkId: c.id, name: c.name, severity: c.severity }))
      .sort(bySeverityThenName);
  }

  /** The changes to the flags of every visit at `stationIds`, read through `reads`. */
  private async work(reads: Reads, em: EntityManager | undefined, missionId: number, stationIds: number[]) {
    const stations = [...new Set(stationIds)];
    if (!stations.length) return [];
    const context = await this.context(reads, em, missionId, stations);
    if (!context) return [];
    const stored = await this.store.stationReports(reads, missionId, stations);
    const { changes } = this.evaluate(context, stored, stored);
    const current = await this.store.current(
      reads,
      changes.map((c) => c.eventId),
    );
    // `evaluate` answers what each visit fails; the change is what differs from its flags now.
    return changes.map(({ eventId, failing }) => diff(eventId, current.get(eventId)!, failing));
  }

  /** The mission's checks by stage, its clocks and schedule, and the stations' records; none without checks. */
  private async context(reads: Reads, em: EntityManager | undefined, missionId: number, stationIds: number[]) {
    const checks = await this.checks.all(missionId, undefined, em);
    // Without checks there is nothing to flag; flags of a deleted check went with it.
    if (!checks.length) return null;
    const mission = await this.missions.get(missionId, em);
    return { checks, byStage: byStage(checks), mission, stations: await this.store.stations(reads, stationIds) };
  }

  /** The checks each of `targets` fails against the other visits of its station in `known`; the new one's (`newId`) apart. */
  private evaluate(
    context: FlagContext,
    known: StationReport[],
    targets: StationReport[],
    newId?: number,
  ): { changes: { eventId: number; failing: number[] }[]; failingOfNew: number[] } {
    const byStation = new Map<number, StationReport[]>();
    for (const r of known) byStation.set(r.stationId, [...(byStation.get(r.stationId) ?? []), r]);
    const { stageSchedule, timezone } = context.mission;
    const changes: { eventId: number; failing: number[] }[] = [];
    let failingOfNew: number[] = [];
    for (const report of targets) {
      const others = (byStation.get(report.stationId) ?? []).filter((o) => o.id !== report.id && !o.rejected);
      const station = context.stations.get(report.stationId) ?? null;
      const values = reportValues(report, others, station, stageSchedule, timezone);
      const failing = failingChecks(context.byStage.get(report.stage) ?? [], values);
      if (report.id === newId) failingOfNew = failing;
      else changes.push({ eventId: report.id, failing });
    }
    return { changes, failingOfNew };
  }

  /** Records flag changes with the write; changes of stored visits are idempotent. */
  private record(writes: WriteSet, missionId: number, changes: FlagChange[]): void {
    for (const c of changes) this.store.change(writes, missionId, c.eventId, c.removed, c.added);
  }

  /**
   * Re-checks the stations with visits at the check's stage after it was saved. A small stage is
   * re-checked before this returns, so the answer shows the flags; a big mission's in the
   * background (the API answers at once, the check's `recheck` shows the progress).
   */
  async startRecheck(missionId: number, check: QualityCheck): Promise<void> {
    const stationIds = await this.store.stationsWithVisits(missionId, check.stage);
    const run = this.recheck(missionId, check, stationIds);
    if (stationIds.length <= ANSWER_AFTER_RECHECK) await run;
    else void run;
  }

  /** Re-checks `stationIds` (by default every station with a visit at the check's stage), a batch per transaction, writing the progress on the check as it goes. */
  async recheck(missionId: number, check: QualityCheck, stations?: number[]): Promise<void> {
    try {
      const stationIds = stations ?? (await this.store.stationsWithVisits(missionId, check.stage));
      let checked = 0;
      await this.checks.recheckProgress(check.id, {
        recheckState: 'running',
        recheckChecked: 0,
        recheckTotal: stationIds.length,
      });
      for (let start = 0; start < stationIds.length; start += RECHECK_BATCH) {
        const started = Date.now();
        const batch = stationIds.slice(start, start + RECHECK_BATCH);
        // Read and worked out beside the writes; only the changes take the writer, briefly.
        const changes = (await this.work(this.writer.reads, undefined, missionId, batch)).filter(
          (c) => c.removed.length || c.added.length,
        );
        if (changes.length)
          await this.writer.transaction((_em, writes) => {
            this.record(writes, missionId, changes);
            return Promise.resolve();
          });
        checked += batch.length;
        await this.checks.recheckProgress(check.id, {
          recheckState: 'running',
          recheckChecked: checked,
          recheckTotal: stationIds.length,
        });
        // Paced: the re-check takes at most a third of the process, the visits coming in the rest.
        await sleep(Math.max(5, 2 * (Date.now() - started)));
      }
      // The end is audited: the mission's data changed, so summaries kept from before are not reused.
      await this.writer.transaction(async (em, writes) => {
        await this.checks.recheckProgress(
          check.id,
          { recheckState: 'done', recheckChecked: checked, recheckTotal: stationIds.length },
          em,
        );
        this.audit.record(writes, {
          caller: RECHECK,
          action: 'update',
          entityType: 'quality_check',
          entityId: check.id,
          missionId,
          before: { recheckState: 'running' },
          after: { recheckState: 'done', stationsChecked: checked },
        });
      });
    } catch (error) {
      // A check deleted meanwhile, or the process stopping: the next start picks up a running re-check.
      this.logger.warn(`Re-check of quality check ${check.id} stopped: ${(error as Error).message}`);
    }
  }
}
