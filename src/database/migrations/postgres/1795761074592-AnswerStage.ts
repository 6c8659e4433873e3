import { MigrationInterface, QueryRunner } from 'typeorm';

export class AnswerStage1795761074592 implements MigrationInterface {
  name = 'AnswerStage1795761074592';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_election_events_summary_turnout"`);
    await queryRunner.query(
      `CREATE TYPE "public"."event_answers_stage_enum" AS ENUM('opening', 'voting', 'closing', 'counting', 'tabulation')`,
    );
    // Existing answers take the stage of their visit (every answered event is a visit with a stage).
    await queryRunner.query(`ALTER TABLE "event_answers" ADD "stage" "public"."event_answers_stage_enum"`);
    await queryRunner.query(
      `UPDATE "event_answers" a SET "stage" = e."stage"::text::"public"."event_answers_stage_enum" FROM "election_events" e WHERE e."id" = a."eventId"`,
    );
    await queryRunner.query(`ALTER TABLE "event_answers" ALTER COLUMN "stage" SET NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "IDX_event_answers_summary" ON "event_answers" ("missionId", "stage", "questionCode", "negative", "value") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_summary_turnout" ON "election_events" ("missionId", "type", "pollingStationId", "occurredAt", "id", "votersVoted") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_summary_incidents" ON "election_events" ("missionId", "type", "category", "severity", "status", "pollingStationId", "occurredAt") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_election_events_summary_incidents"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_election_events_summary_turnout"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_event_answers_summary"`);
    await queryRunner.query(`ALTER TABLE "event_answers" DROP COLUMN "stage"`);
    await queryRunner.query(`DROP TYPE "public"."event_answers_stage_enum"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_summary_turnout" ON "election_events" ("missionId", "type", "pollingStationId", "occurredAt", "votersVoted") `,
    );
  }
}
