import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AnswerRow, validateAnswers } from '../checklists/answer-validation';
import { ChecklistsService } from '../checklists/checklists.service';
import { User } from '../auth/entities/user.entity';
import { badRequestFromFieldErrors } from '../common/validation';
import { DeploymentsService } from '../deployments/deployments.service';
import { PollingStation } from '../polling-stations/entities/polling-station.entity';
import { AnswerValue } from './dto/election-event.dto';
import { Stage } from './election-event.enums';
import { ElectionEvent } from './entities/election-event.entity';
import { EventAnswer } from './entities/event-answer.entity';

/** The title of a visit that came without one (imports). */
export function visitTitle(stage: Stage, stationCode: string): string {
  return `${stage[0].toUpperCase()}${stage.slice(1)} visit to station ${stationCode}`;
}

/**
 * What a station visit adds to an event: answers checked against the stage's checklist and stored
 * as rows of their own, a turnout figure the station can hold, and the deployments it fulfils.
 * Every method takes the write's EntityManager, so checks and writes see the same data.
 */
@Injectable()
export class StationVisits {
  constructor(
    private readonly checklists: ChecklistsService,
    private readonly deployments: DeploymentsService,
  ) {}

  /** The rows to store for `answers`, or 400 naming every question answered wrongly. */
  async answerRows(
    em: EntityManager,
    missionId: number,
    stage: Stage,
    answers: Record<string, AnswerValue> | null | undefined,
  ): Promise<AnswerRow[]> {
    const questions = await this.checklists.templateFor(missionId, stage, em);
    const { rows, errors } = validateAnswers(questions, answers ?? {});
    if (errors.length) throw badRequestFromFieldErrors(errors);
    return rows;
  }

  /** 422 when the visit reports more voters than the station has registered. */
  async checkVotersVoted(
    em: EntityManager,
    missionId: number,
    pollingStationId: number,
    votersVoted: number | null | undefined,
  ): Promise<void> {
    if (votersVoted === null || votersVoted === undefined) return;
    const station = await em.findOne(PollingStation, {
      select: { id: true, code: true, registeredVoters: true },
      where: { missionId, id: pollingStationId },
    });
    if (station?.registeredVoters != null && votersVoted > station.registeredVoters) {
      throw new UnprocessableEntityException(
        `votersVoted: ${votersVoted} exceeds the ${station.registeredVoters} registered voters of station ${station.code}`,
      );
    }
  }

  /**
   * Replaces the event's answer rows; each row keeps the question text and negative flag of now,
   * and the visit's stage (the summary groups answers by it), so call this again when it changes.
   */
  async storeAnswers(em: EntityManager, event: ElectionEvent, rows: AnswerRow[]): Promise<void> {
    await em.delete(EventAnswer, { eventId: event.id });
    if (rows.length) {
      await em
        .createQueryBuilder()
        .insert()
        .into(EventAnswer)
        .values(rows.map((row) => ({ ...row, eventId: event.id, missionId: event.missionId, stage: event.stage! })))
        .updateEntity(false)
        .execute();
    }
  }

  /** Planned deployments of the reporters (or their teams) at this station and stage become done. */
  async markDeploymentsDone(
    em: EntityManager,
    event: ElectionEvent,
    observerIds: number[],
    reportedByUserId: number | null,
  ): Promise<void> {
    const reporters = [...observerIds];
    if (reportedByUserId !== null) {
      const user = await em.findOne(User, { select: { id: true, observerId: true }, where: { id: reportedByUserId } });
      if (user?.observerId) reporters.push(user.observerId);
    }
    await this.deployments.markDoneForVisit(
      em,
      event.missionId,
      event.pollingStationId!,
      event.stage!,
      event.occurredAt,
      {
        observerIds: reporters,
      },
    );
  }
}
