import { Injectable, Logger } from '@nestjs/common';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AuditService } from '../audit/audit.service';
import { systemCaller } from '../common/request-context';
import { DatabaseWriter, WriteSet } from '../database';
import { MissionsService } from '../missions/missions.service';
import { QualityCheck } from '../quality-checks/entities/quality-check.entity';
import { QualityChecksStore } from '../quality-checks/quality-checks.store';
import { failingChecks, reportValues } from '../quality-checks/report-values';
import { ReportFlagView } from './dto/election-event.dto';
import { bySeverityThenName, ReportFlagsStore, StationReport } from './report-flags.store';

const RECHECK = systemCaller('system', 'quality-check re-check');

/** Stations re-checked per transaction: small enough that visits keep flowing in between. */
const RECHECK_BATCH = 100;

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
   * Works out the flags of every visit at `stationIds`, and of the `pending` visits this write is
   * recording (their rows are not stored yet), and records what changed with the write. Answers
   * the pending visits' flags, as their views show them.
   */
  async refresh(
    writes: WriteSet,
    missionId: number,
    stationIds: number[],
    pending: StationReport[] = [],
  ): Promise<Map<number, ReportFlagView[]>> {
    const flagsOfPending = new Map<number, ReportFlagView[]>();
    const stations = [...new Set([...stationIds, ...pending.map((p) => p.stationId)])];
    if (!stations.length) return flagsOfPending;
    const checks = await this.checks.all(missionId, undefined, writes.em);
    // Without checks there is nothing to flag; flags of a deleted check went with it.
    if (!checks.length) return flagsOfPending;
    const mission = await this.missions.get(missionId, writes.em);
    const pendingIds = new Set(pending.map((p) => p.id));
    const stored = (await this.store.stationReports(writes, missionId, stations)).filter((r) => !pendingIds.has(r.id));
    const facts = await this.store.stations(writes, stations);
    const current = await this.store.current(
      writes,
      stored.map((r) => r.id),
    );
    const byStage = new Map<string, QualityCheck[]>();
    for (const check of checks) byStage.set(check.stage, [...(byStage.get(check.stage) ?? []), check]);
    const all = [...stored, ...pending];
    for (const report of all) {
      const others = all.filter((o) => o.stationId === report.stationId && o.id !== report.id && !o.rejected);
      const station = facts.get(report.stationId) ?? null;
      const values = reportValues(report, others, station, mission.stageSchedule, mission.timezone);
      const failing = failingChecks(byStage.get(report.stage) ?? [], values);
      if (pendingIds.has(report.id)) {
        this.store.add(writes, missionId, report.id, failing);
        const views = checks
          .filter((c) => failing.includes(c.id))
          .map((c) => ({ checkId: c.id, name: c.name, severity: c.severity }));
        flagsOfPending.set(report.id, views.sort(bySeverityThenName));
        continue;
      }
      const had = current.get(report.id)!;
      const removed = [...had].filter((id) => !failing.includes(id));
      const added = failing.filter((id) => !had.has(id));
      this.store.change(writes, missionId, report.id, removed, added);
    }
    return flagsOfPending;
  }

  /**
   * Re-checks the stations with visits at the check's stage after it was saved. A small stage is
   * re-checked before this returns, so the answer shows the flags; a big mission's in the
   * background (the API answers at once, the check's `recheck` shows the progress).
   */
  async startRecheck(missionId: number, check: QualityCheck): Promise<void> {
    const stationIds = await this.store.stationsWithVisits(missionId, check.stage);
    const run = this.recheck(missionId, check, stationIds);
    if (stationIds.length <= RECHECK_BATCH) await run;
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
        const batch = stationIds.slice(start, start + RECHECK_BATCH);
        await this.writer.transaction((_em, writes) => this.refresh(writes, missionId, batch));
        checked += batch.length;
        await this.checks.recheckProgress(check.id, {
          recheckState: 'running',
          recheckChecked: checked,
          recheckTotal: stationIds.length,
        });
        await nextTurn();
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
