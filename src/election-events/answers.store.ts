import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AnswerRow } from '../checklists/answer-validation';
import { ChecklistTemplate } from '../checklists/entities/checklist-template.entity';
import { WriteSet } from '../database';
import { ReviewState, Stage } from './entities/election-event.enums';
import { ElectionEvent } from './entities/election-event.entity';
import { EventAnswer } from './entities/event-answer.entity';

const ANSWER_COLUMNS = [
  'eventId',
  'missionId',
  'stage',
  'questionCode',
  'questionText',
  'value',
  'negative',
  'reviewState',
];

/** The visit an answer row belongs to: the row copies its mission, stage and review state (the summary groups by them). */
type Visit = Pick<ElectionEvent, 'id' | 'missionId' | 'stage'> & { reviewState?: ReviewState };

function answerValues(visits: { visit: Visit; rows: AnswerRow[] }[]): unknown[][] {
  return visits.flatMap(({ visit, rows }) =>
    rows.map((r) => [
      visit.id,
      visit.missionId,
      visit.stage!,
      r.questionCode,
      r.questionText,
      r.value,
      r.negative,
      visit.reviewState ?? 'unreviewed',
    ]),
  );
}

/**
 * Station visits' checklist answers, a row each, keeping the question text and negative flag
 * they were given with; and the stored checklist questions they are checked against.
 */
@Injectable()
export class AnswersStore {
  constructor(@InjectRepository(EventAnswer) private readonly answers: Repository<EventAnswer>) {}

  /** The answer rows of new visits, recorded with the write's other rows. */
  addAnswers(writes: WriteSet, visits: { visit: Visit; rows: AnswerRow[] }[]): void {
    for (const values of answerValues(visits)) writes.insert('event_answers', ANSWER_COLUMNS, values);
  }

  /** Replaces the event's answer rows, e.g. when its answers or its stage change. */
  async replaceAnswers(em: EntityManager, writes: WriteSet, event: ElectionEvent, rows: AnswerRow[]): Promise<void> {
    await em.delete(EventAnswer, { eventId: event.id });
    this.addAnswers(writes, [{ visit: event, rows }]);
  }

  /** Carries a report's new review state onto its answer rows. */
  async setReviewState(em: EntityManager, eventId: number, reviewState: ReviewState): Promise<void> {
    await em.update(EventAnswer, { eventId }, { reviewState });
  }

  /** A stage's checklist questions as stored (JSON text), null when none is yet. */
  async templateText(missionId: number, stage: Stage): Promise<string | null> {
    const row: { questions: string } | undefined = await this.answers.manager
      .createQueryBuilder()
      .select('t.questions', 'questions')
      .from(ChecklistTemplate, 't')
      .where('t.missionId = :missionId AND t.stage = :stage', { missionId, stage })
      .getRawOne();
    return row?.questions ?? null;
  }
}
