import { MigrationInterface, QueryRunner } from 'typeorm';

/** Review of reports: each event's review state, note and reviewer; answers carry the state too; the summary's covering indices end with it. */
export class ReviewStates1796229204556 implements MigrationInterface {
  name = 'ReviewStates1796229204556';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_event_answers_summary"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_election_events_mission_time"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_election_events_summary_visits"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_election_events_summary_turnout"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_election_events_summary_incidents"`);
    await queryRunner.query(
      `CREATE TYPE "public"."event_answers_reviewstate_enum" AS ENUM('unreviewed', 'accepted', 'flagged', 'rejected')`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_answers" ADD "reviewState" "public"."event_answers_reviewstate_enum" NOT NULL DEFAULT 'unreviewed'`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."election_events_reviewstate_enum" AS ENUM('unreviewed', 'accepted', 'flagged', 'rejected')`,
    );
    await queryRunner.query(
      `ALTER TABLE "election_events" ADD "reviewState" "public"."election_events_reviewstate_enum" NOT NULL DEFAULT 'unreviewed'`,
    );
    await queryRunner.query(`ALTER TABLE "election_events" ADD "reviewNote" character varying(2000)`);
    await queryRunner.query(`ALTER TABLE "election_events" ADD "reviewedByUserId" integer`);
    await queryRunner.query(`ALTER TABLE "election_events" ADD "reviewedAt" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "IDX_event_answers_summary" ON "event_answers" ("missionId", "stage", "questionCode", "negative", "value", "reviewState")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_mission_time" ON "election_events" ("missionId", "occurredAt", "reviewState")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_summary_visits" ON "election_events" ("missionId", "type", "stage", "pollingStationId", "overallAssessment", "occurredAt", "reviewState")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_summary_turnout" ON "election_events" ("missionId", "type", "pollingStationId", "occurredAt", "id", "votersVoted", "reviewState")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_summary_incidents" ON "election_events" ("missionId", "type", "category", "severity", "status", "pollingStationId", "occurredAt", "reviewState")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_event_answers_summary"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_election_events_mission_time"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_election_events_summary_visits"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_election_events_summary_turnout"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_election_events_summary_incidents"`);
    await queryRunner.query(`ALTER TABLE "election_events" DROP COLUMN "reviewedAt"`);
    await queryRunner.query(`ALTER TABLE "election_events" DROP COLUMN "reviewedByUserId"`);
    await queryRunner.query(`ALTER TABLE "election_events" DROP COLUMN "reviewNote"`);
    await queryRunner.query(`ALTER TABLE "election_events" DROP COLUMN "reviewState"`);
    await queryRunner.query(`DROP TYPE "public"."election_events_reviewstate_enum"`);
    await queryRunner.query(`ALTER TABLE "event_answers" DROP COLUMN "reviewState"`);
    await queryRunner.query(`DROP TYPE "public"."event_answers_reviewstate_enum"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_event_answers_summary" ON "event_answers" ("missionId", "stage", "questionCode", "negative", "value")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_mission_time" ON "election_events" ("missionId", "occurredAt")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_summary_visits" ON "election_events" ("missionId", "type", "stage", "pollingStationId", "overallAssessment", "occurredAt")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_summary_turnout" ON "election_events" ("missionId", "type", "pollingStationId", "occurredAt", "id", "votersVoted")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_summary_incidents" ON "election_events" ("missionId", "type", "category", "severity", "status", "pollingStationId", "occurredAt")`,
    );
  }
}
