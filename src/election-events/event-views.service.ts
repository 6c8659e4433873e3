import { Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ownRecordsScope } from '../access/actor';
import { Page, toPage } from '../common/pagination';
import { Caller } from '../common/request-context';
import { timeRange } from '../common/mission-time';
import { MissionsService } from '../missions/missions.service';
import { ElectionEventQueryDto, ElectionEventView } from './dto/election-event.dto';
import { ElectionEvent } from './entities/election-event.entity';
import { EventDetails, EventsStore } from './events.store';
import { ReportFlagsStore } from './report-flags.store';

/** An event as the API returns it. */
export function toView(
  e: ElectionEvent,
  { observerIds, answers, statusHistory, flags }: EventDetails,
): ElectionEventView {
  return {
    id: e.id,
    missionId: e.missionId,
    type: e.type,
    occurredAt: e.occurredAt,
    title: e.title,
    description: e.description ?? null,
    observerIds,
    pollingStationId: e.pollingStationId ?? null,
    counterpart: e.counterpart ?? null,
    counterpartOrganization: e.counterpartOrganization ?? null,
    location: e.location ?? null,
    stage: e.stage ?? null,
    overallAssessment: e.overallAssessment ?? null,
    votersVoted: e.votersVoted ?? null,
    answers,
    category: e.category ?? null,
    severity: e.severity ?? null,
    status: e.status ?? null,
    ...(statusHistory ? { statusHistory } : {}),
    reviewState: e.reviewState,
    flags: flags ?? [],
    reviewNote: e.reviewNote ?? null,
    reviewedByUserId: e.reviewedByUserId ?? null,
    reviewedAt: e.reviewedAt ?? null,
    version: e.version,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

/** Events as readers see them: lists, one event, and the views writes return and audit. */
@Injectable()
export class EventViewsService {
  constructor(
    private readonly store: EventsStore,
    private readonly missions: MissionsService,
    private readonly flags: ReportFlagsStore,
  ) {}

  async list(caller: Caller, missionId: number, query: ElectionEventQueryDto): Promise<Page<ElectionEventView>> {
    const mission = await this.missions.get(missionId);
    const range = timeRange(query, mission.timezone, 'inclusive');
    const [rows, total] = await this.store.findForList(missionId, query, range, ownRecordsScope(caller)?.userId);
    return toPage(await this.views(rows), total, query);
  }

  async get(caller: Caller, missionId: number, eventId: number): Promise<ElectionEventView> {
    await this.missions.get(missionId);
    const [view] = await this.views([await this.find(caller, missionId, eventId)]);
    return view;
  }

  /** The event, or 404; an observer user sees and changes only the reports it made, another's is as good as absent. */
  async find(caller: Caller, missionId: number, eventId: number, em?: EntityManager): Promise<ElectionEvent> {
    const event = await this.store.find(missionId, eventId, em);
    const own = ownRecordsScope(caller);
    if (!event || (own && event.reportedByUserId !== own.userId)) {
      throw new NotFoundException(`Event ${eventId} not found in mission ${missionId}`);
    }
    return event;
  }

  async views(events: ElectionEvent[], em?: EntityManager): Promise<ElectionEventView[]> {
    if (!events.length) return [];
    const details = await this.store.detailsOf(events, em);
    const flags = await this.flags.ofEvents(
      events.filter((e) => e.type === 'station_visit').map((e) => e.id),
      em,
    );
    return events.map((e, i) => toView(e, { ...details[i], flags: flags.get(e.id) ?? [] }));
  }
}
