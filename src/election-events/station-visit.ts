import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AnswerRow, validateAnswers } from '../checklists/answer-validation';
import { ChecklistsService } from '../checklists/checklists.service';
import { DeploymentsService } from '../deployments/deployments.service';
import { badRequestFromFieldErrors } from '../common/validation';
import { AnswerValue } from './dto/election-event.dto';
import { Stage } from './election-event.enums';
import { ElectionEvent } from './entities/election-event.entity';
import { WriteSet } from '../database/write-set';
import { Caller } from '../common/request-context';
import { ReferencesStore } from './references.store';

/** The title of a visit that came without one (imports). */
export function visitTitle(stage: Stage, stationCode: string): string {
  return `${stage[0].toUpperCase()}${stage.slice(1)} visit to station ${stationCode}`;
}

/**
 * What a station visit adds to an event: answers checked against the stage's checklist, a turnout
 * figure the station can hold, and the deployments it fulfils. Every method takes the write's
 * EntityManager (or WriteSet), so checks and writes see the same data.
 */
@Injectable()
export class StationVisits {
  constructor(
    private readonly checklists: ChecklistsService,
    private readonly deployments: DeploymentsService,
    private readonly references: ReferencesStore,
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
    const station = await this.references.findStation(em, missionId, pollingStationId);
    this.assertVotersFit(votersVoted, station?.registeredVoters ?? null, station?.code ?? null);
  }

  /** checkVotersVoted's rule for a station read some other way. */
  assertVotersFit(
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
   * Planned deployments of the reporters (or their teams) at this station and stage become done:
   * the observers named in the report and the caller's own observer record, read with its token.
   */
  async markDeploymentsDone(
    caller: Caller,
    writes: WriteSet,
    event: ElectionEvent,
    observerIds: number[],
  ): Promise<void> {
    const own = caller.actor.observerId ?? null;
    const reporters = own === null ? observerIds : [...observerIds, own];
    await this.deployments.markDoneForVisit(
      caller,
      writes,
      event.missionId,
      event.pollingStationId!,
      event.stage!,
      event.occurredAt,
      { observerIds: reporters },
    );
  }
}
