import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { REVIEW_STATES, ReviewState, STAGES, Stage } from './election-event.enums';
import { ElectionEvent } from './election-event.entity';

/**
 * One answer of a station visit's checklist, a row of its own so summaries count answers in SQL.
 * The negative flag and the question text are fixed when the answer is given: a later edit of the
 * template does not change what a past answer meant.
 */
@Entity('event_answers')
@Unique('UQ_event_answers_event_question', ['eventId', 'questionCode'])
// Covers the summary's per-question figures: one ordered walk of this index, no event looked up.
// With missionId first it also serves any per-mission lookup, so there is no (missionId, ...)
// index besides it: each index costs every stored answer one more B-tree insert.
@Index('IDX_event_answers_summary', ['missionId', 'stage', 'questionCode', 'negative', 'value', 'reviewState'])
export class EventAnswer {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => ElectionEvent, (event) => event.answerRows, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: ElectionEvent;

  @Column()
  eventId: number;

  /** Denormalized from the event so per-mission aggregates need no join. */
  @Column()
  missionId: number;

  /**
   * The visit's stage, denormalized so the summary groups answers per stage without joining each
   * one to its event. Written with the answers, which are rewritten whenever the stage changes.
   */
  @Column({ type: 'simple-enum', enum: STAGES })
  stage: Stage;

  @Column({ type: 'varchar', length: 64 })
  questionCode: string;

  @Column({ type: String, length: 1000, nullable: true })
  questionText: string | null;

  /** The answer as given (yes/no/partial, a number or text), null when not answered/not applicable. */
  @Column({ type: String, length: 2000, nullable: true })
  value: string | null;

  @Column({ type: 'boolean', default: false })
  negative: boolean;

  /** The visit's review state, denormalized as the stage is, so the summary counts by review from this table alone. */
  @Column({ type: 'simple-enum', enum: REVIEW_STATES, default: 'unreviewed' })
  reviewState: ReviewState;
}
