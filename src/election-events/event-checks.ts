import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { checkOwnReporters, ownRecordsScope } from '../access/actor';
import { AnswerRow, validateAnswers } from '../checklists/answer-validation';
import { ChecklistsService } from '../checklists/checklists.service';
import { Caller } from '../common/request-context';
import { badRequestFromFieldErrors, FieldError } from '../common/validation';
import { AnswerValue } from './dto/election-event.dto';
import { Stage } from './entities/election-event.enums';
import { EventsStore } from './events.store';

export function stationError(missionId: number, pollingStationId: number): FieldError {
  return {
    field: 'pollingStationId',
    message: `pollingStationId: ${pollingStationId} is not a polling station of mission ${missionId}`,
  };
}

/** 422 when a visit reports more voters than its station has registered. */
export function assertVotersFit(
  votersVoted: number | null | undefined,
  registeredVoters: number | null,
  stationCode: string | null,
): void {
  if (votersVoted === null || votersVoted === undefined || registeredVoters === null) return;
  if (votersVoted > registeredVoters) {
    throw new UnprocessableEntityException(
      `votersVoted: ${votersVoted} exceeds the ${registeredVoters} registered voters of station ${stationCode}`,
    );
  }
}

/**
 * What a write of an event is checked against besides its own fields, read through the write's
 * manager so that a row deleted or changed meanwhile is not accepted.
 */
@Injectable()
export class EventChecks {
  constructor(
    private readonly store: EventsStore,
    private readonly checklists: ChecklistsService,
  ) {}

  /** 400 unless the observers (see observerErrors) and the station belong to the mission. */
  async checkReferences(
    caller: Caller,
    em: EntityManager,
    missionId: number,
    observers: { observerIds: number[] | undefined; listed: number[] },
    pollingStationId: number | null | undefined,
  ): Promise<void> {
    const errors = await this.observerErrors(caller, em, missionId, observers.observerIds, observers.listed);
    if (pollingStationId !== undefined && pollingStationId !== null) {
      const station = await this.store.findStation(em, missionId, pollingStationId);
      if (!station) errors.push(stationError(missionId, pollingStationId));
    }
    if (errors.length) throw badRequestFromFieldErrors(errors);
  }

  /**
   * The observers a write names must be the mission's; an observer user's, also itself and its
   * team (checkOwnReporters, which throws 403). `listed`: those the event lists before an edit.
   */
  async observerErrors(
    caller: Caller,
    em: EntityManager,
    missionId: number,
    observerIds: number[] | undefined,
    listed: number[] = [],
  ): Promise<FieldError[]> {
    if (observerIds === undefined) return [];
    const own = ownRecordsScope(caller);
    const errors = own ? await checkOwnReporters(em, own, missionId, observerIds, listed) : [];
    if (!observerIds.length) return errors;
    const missing = await this.store.missingObservers(em, missionId, observerIds);
    if (!missing.length) return errors;
    return [
      ...errors,
      {
        field: 'observerIds',
        message: `observerIds: ${missing.join(', ')} ${missing.length === 1 ? 'is not an observer' : 'are not observers'} of mission ${missionId}`,
      },
    ];
  }

  /** The rows to store for a visit's `answers`, or 400 naming every question answered wrongly. */
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
}
