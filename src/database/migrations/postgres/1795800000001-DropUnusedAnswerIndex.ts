import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * IDX_event_answers_mission_question served no query: the summary walks IDX_event_answers_summary,
 * which also starts with missionId. Each visit stores a dozen answers, so the index cost a dozen
 * B-tree inserts per visit for nothing.
 */
export class DropUnusedAnswerIndex1795800000001 implements MigrationInterface {
  name = 'DropUnusedAnswerIndex1795800000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_event_answers_mission_question"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_event_answers_mission_question" ON "event_answers" ("missionId", "questionCode") `,
    );
  }
}
