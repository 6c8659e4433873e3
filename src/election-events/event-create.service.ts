import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ownRecordsScope } from '../access/actor';
import { AuditService } from '../audit/audit.service';
import { AnswerRow, validateAnswers } from '../checklists/answer-validation';
import { ChecklistQuestion } from '../checklists/entities/checklist.types';
import { ChecklistsService } from '../checklists/checklists.service';
import { DeploymentsService } from '../deployments/deployments.service';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { Caller } from '../common/request-context';
import { badRequestFromFieldErrors } from '../common/validation';
import { assertMissionWritable } from '../missions/missions.service';
import { AnswersStore } from './answers.store';
import { CreateElectionEventDto, ElectionEventView, ReportFlagView } from './dto/election-event.dto';
import { Stage } from './entities/election-event.enums';
import { ElectionEvent } from './entities/election-event.entity';
import { assertVotersFit, EventChecks, stationError } from './event-checks';
import { checkEventType } from './event-type-rules';
import { toView } from './event-views.service';
import { ReportFlagsService } from './report-flags.service';
import { EventsStore } from './events.store';
import { TemplateSnapshots } from './template-snapshots';

/**
 * A new event, the write observers' phones send by the thousand. Deferred: everything is checked
 * first, in one read, then the rows are left to the writer, which on SQLite writes those of a
 * whole batch of submissions with one INSERT per table.
 */
@Injectable()
export class EventCreateService {
  constructor(
    private readonly store: EventsStore,
    private readonly answers: AnswersStore,
    private readonly checks: EventChecks,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    private readonly deployments: DeploymentsService,
    private readonly templates: TemplateSnapshots,
    private readonly checklists: ChecklistsService,
    private readonly flags: ReportFlagsService,
  ) {}

  async create(caller: Caller, missionId: number, dto: CreateElectionEventDto): Promise<ElectionEventView> {
    const typeErrors = checkEventType({ ...dto, pollingStationId: dto.pollingStationId ?? null });
    if (dto.type === 'incident' && dto.status && dto.status !== 'reported') {
      typeErrors.push({
        field: 'status',
        message: 'status: a new incident starts as reported; coordinators move it with POST .../events/:eventId/status',
      });
    }
    if (typeErrors.length) throw badRequestFromFieldErrors(typeErrors);
    const { observerIds: named, answers, ...fields } = dto;
    // An observer user's report is its own: left out, observerIds lists the observer itself.
    const ownRecord = ownRecordsScope(caller)?.observerId;
    const observerIds = named ?? (ownRecord ? [ownRecord] : []);
    const stage = dto.type === 'station_visit' ? dto.stage! : null;
    // Checked before queueing for the writer against the template last seen; the transaction
    // uses this only if the stored template is still that one (see TemplateSnapshots).
    const seen = stage ? await this.templates.get(missionId, stage) : null;
    const early = seen ? validateAnswers(seen.questions, answers ?? {}) : null;
    // With an Idempotency-Key, a re-sent submission returns the first event instead of storing another.
    return this.idempotency.deferred(caller, 201, async (em, writes) => {
      // Mission status, template and station in one read, checked in getWritable's order.
      const checks = await this.store.readCreateChecks(writes, missionId, stage, dto.pollingStationId ?? null);
      assertMissionWritable(missionId, checks.missionStatus);
      const errors = await this.checks.observerErrors(caller, em, missionId, observerIds);
      if (dto.pollingStationId !== undefined && dto.pollingStationId !== null && checks.stationId === null) {
        errors.push(stationError(missionId, dto.pollingStationId));
      }
      if (errors.length) throw badRequestFromFieldErrors(errors);
      let answerRows: AnswerRow[] = [];
      if (stage) {
        const checked =
          seen && checks.templateQuestions === seen.raw
            ? early!
            : validateAnswers(
                await this.currentQuestions(em, missionId, stage, checks.templateQuestions),
                answers ?? {},
              );
        if (checked.errors.length) throw badRequestFromFieldErrors(checked.errors);
        answerRows = checked.rows;
        assertVotersFit(dto.votersVoted, checks.registeredVoters, checks.stationCode);
      }
      const { actor } = caller;
      const event: Partial<ElectionEvent> = {
        ...fields,
        missionId,
        occurredAt: new Date(dto.occurredAt),
        reportedByUserId: actor.userId,
      };
      if (event.type === 'incident') {
        event.status = dto.status ?? 'reported';
        event.statusChangedAt = new Date();
        event.statusChangedByUserId = actor.userId;
      }
      const stored = await this.store.recordEvent(writes, event, observerIds);
      const step = stored.type === 'incident' ? this.store.recordStatusChange(writes, stored, null) : null;
      let flags: ReportFlagView[] = [];
      if (stage) {
        this.answers.addAnswers(writes, [{ visit: stored, rows: answerRows }]);
        // Checked against the station's other visits; theirs change too when this one disagrees.
        const pending = {
          id: stored.id,
          stage,
          occurredAt: stored.occurredAt,
          overallAssessment: stored.overallAssessment ?? null,
          votersVoted: stored.votersVoted ?? null,
          answers: Object.fromEntries(answerRows.map((row) => [row.questionCode, row.value])),
          stationId: stored.pollingStationId!,
          rejected: false,
        };
        flags = await this.flags.flagNewVisit(writes, missionId, pending, {
          timezone: checks.timezone!,
          stageSchedule: checks.stageSchedule!,
          station: { registeredVoters: checks.registeredVoters, region: checks.region },
        });
        // Planned deployments of the reporters (or their teams) at this station and stage become done:
        // the observers named in the report and the caller's own observer record, read with its token.
        const own = actor.observerId ?? null;
        const reporters = { observerIds: own === null ? observerIds : [...observerIds, own] };
        await this.deployments.markDoneForVisit(
          caller,
          writes,
          missionId,
          stored.pollingStationId!,
          stage,
          stored.occurredAt,
          reporters,
        );
      }
      // The view is built from what was written, as EventViewsService.views would read it back:
      // answers in question-code order, as the read walks the (eventId, questionCode) index.
      const byCode = [...answerRows].sort((a, b) => (a.questionCode < b.questionCode ? -1 : 1));
      const after = toView(stored, {
        observerIds: [...observerIds].sort((a, b) => a - b),
        answers: Object.fromEntries(byCode.map((row) => [row.questionCode, row.value])),
        statusHistory: step ? [step] : undefined,
        flags,
      });
      const { id } = stored;
      this.audit.record(writes, { caller, action: 'create', entityType: 'event', entityId: id, missionId, after });
      return after;
    });
  }

  /**
   * The stage's questions as stored now (`raw`), or the defaults materialized when it has none yet.
   * That materializing is the one direct write of the deferred create: harmless to keep should the
   * create fail, and safe among concurrent creates, as it inserts or ignores the defaults.
   */
  private async currentQuestions(
    em: EntityManager,
    missionId: number,
    stage: Stage,
    raw: string | null,
  ): Promise<ChecklistQuestion[]> {
    if (raw !== null) return this.templates.snapshot(missionId, stage, raw).questions;
    return this.checklists.templateFor(missionId, stage, em);
  }
}
