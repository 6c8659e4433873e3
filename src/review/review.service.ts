import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { NEGATIVE_ASSESSMENTS } from '../common/assessments';
import { Page, toPage } from '../common/pagination';
import { Caller } from '../common/request-context';
import { ElectionEvent } from '../election-events/entities/election-event.entity';
import { EventViewsService } from '../election-events/event-views.service';
import { EventsStore } from '../election-events/events.store';
import { ReportFlagsService } from '../election-events/report-flags.service';
import { ReportFlagsStore } from '../election-events/report-flags.store';
import { MissionsService } from '../missions/missions.service';
import { QualityCheckQueryDto, QualityCheckView } from '../quality-checks/dto/quality-check.dto';
import { CreateQualityCheckDto, UpdateQualityCheckDto } from '../quality-checks/dto/quality-check.dto';
import { QualityCheck } from '../quality-checks/entities/quality-check.entity';
import { QualityChecksService } from '../quality-checks/quality-checks.service';
import { QualityChecksStore } from '../quality-checks/quality-checks.store';
import { ReviewQueueItem, ReviewQueueQueryDto } from './dto/review-queue.dto';

const POSITIVE = ['good', 'very_good'];
const side = (a: string | null) =>
  a === null ? null : POSITIVE.includes(a) ? 1 : (NEGATIVE_ASSESSMENTS as readonly string[]).includes(a) ? -1 : null;

/** Two visits of one station and stage disagree: one positive and one negative, or different voter counts. */
function disagree(a: ElectionEvent, b: ElectionEvent): boolean {
  const sa = side(a.overallAssessment);
  const sb = side(b.overallAssessment);
  if (sa !== null && sb !== null && sa !== sb) return true;
  return a.votersVoted !== null && b.votersVoted !== null && a.votersVoted !== b.votersVoted;
}

/**
 * Review before release: the quality checks with what they flag and their re-checks, and the queue
 * of reports waiting for a coordinator's decision.
 */
@Injectable()
export class ReviewService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReviewService.name);

  constructor(
    private readonly checks: QualityChecksService,
    private readonly checksStore: QualityChecksStore,
    private readonly flags: ReportFlagsService,
    private readonly flagsStore: ReportFlagsStore,
    private readonly events: EventsStore,
    private readonly views: EventViewsService,
    private readonly missions: MissionsService,
  ) {}

  /** A re-check the process stopped during (a restart, a crash) starts again. */
  async onApplicationBootstrap(): Promise<void> {
    const running = await this.checksStore.running();
    for (const check of running) void this.flags.recheck(check.missionId, check);
    if (running.length) this.logger.log(`Resuming the re-check of ${running.length} quality check(s)`);
  }

  async list(missionId: number, query: QualityCheckQueryDto): Promise<Page<QualityCheckView>> {
    await this.missions.get(missionId);
    const [items, total] = await this.checksStore.page(missionId, query.stage, query.limit, query.offset);
    const counts = await this.flagsStore.countsByCheck(missionId);
    return toPage(
      items.map((c) => checkView(c, counts.get(c.id) ?? 0)),
      total,
      query,
    );
  }

  async get(missionId: number, id: number): Promise<QualityCheckView> {
    await this.missions.get(missionId);
    const check = await this.checks.get(missionId, id);
    return checkView(check, (await this.flagsStore.countsByCheck(missionId)).get(id) ?? 0);
  }

  async create(caller: Caller, missionId: number, dto: CreateQualityCheckDto): Promise<QualityCheckView> {
    const check = await this.checks.create(caller, missionId, dto);
    await this.flags.startRecheck(missionId, check);
    return this.get(missionId, check.id);
  }

  async update(caller: Caller, missionId: number, id: number, dto: UpdateQualityCheckDto): Promise<QualityCheckView> {
    const { check, conditionChanged } = await this.checks.update(caller, missionId, id, dto);
    if (conditionChanged) await this.flags.startRecheck(missionId, check);
    return this.get(missionId, check.id);
  }

  remove(caller: Caller, missionId: number, id: number): Promise<void> {
    return this.checks.remove(caller, missionId, id);
  }

  async queue(caller: Caller, missionId: number, query: ReviewQueueQueryDto): Promise<Page<ReviewQueueItem>> {
    await this.missions.get(missionId);
    const states = query.reviewState ? [query.reviewState] : ['unreviewed', 'flagged'];
    const [events, total] = await this.events.reviewQueue(missionId, { ...query, states });
    const views = await this.views.views(events);
    const stationIds = [...new Set(events.map((e) => e.pollingStationId).filter((id): id is number => id !== null))];
    const [stations, neighbours] = await Promise.all([
      this.events.stationsById(missionId, stationIds),
      this.events.visitsAt(missionId, stationIds),
    ]);
    const items = events.map((e, i): ReviewQueueItem => {
      const station = e.pollingStationId === null ? null : (stations.get(e.pollingStationId) ?? null);
      const conflicts =
        e.type === 'station_visit'
          ? neighbours
              .filter((n) => n.id !== e.id && n.pollingStationId === e.pollingStationId && n.stage === e.stage)
              .filter((n) => n.reviewState !== 'rejected' && disagree(e, n))
              .map((n) => n.id)
              .sort((a, b) => a - b)
          : [];
      return { event: views[i], station, conflicts };
    });
    return toPage(items, total, query);
  }
}

function checkView(c: QualityCheck, flaggedReports: number): QualityCheckView {
  return {
    id: c.id,
    missionId: c.missionId,
    stage: c.stage,
    name: c.name,
    severity: c.severity,
    condition: c.condition,
    flaggedReports,
    recheck: { state: c.recheckState, checked: c.recheckChecked, total: c.recheckTotal },
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
