import { MigrationInterface, QueryRunner } from 'typeorm';

export class AnswerStage1795761053341 implements MigrationInterface {
  name = 'AnswerStage1795761053341';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Existing answers take the stage of their visit (every answered event is a visit with a stage).
    await queryRunner.query(`DROP INDEX "IDX_election_events_summary_turnout"`);
    await queryRunner.query(`DROP INDEX "IDX_event_answers_mission_question"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_event_answers" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "eventId" integer NOT NULL, "missionId" integer NOT NULL, "questionCode" varchar(64) NOT NULL, "questionText" varchar(1000), "value" varchar(2000), "negative" boolean NOT NULL DEFAULT (0), "stage" varchar CHECK( "stage" IN ('opening','voting','closing','counting','tabulation') ) NOT NULL, CONSTRAINT "UQ_event_answers_event_question" UNIQUE ("eventId", "questionCode"), CONSTRAINT "FK_e1a7907680f763c1deadf4c26d6" FOREIGN KEY ("eventId") REFERENCES "election_events" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_event_answers"("id", "eventId", "missionId", "questionCode", "questionText", "value", "negative", "stage") SELECT "id", "eventId", "missionId", "questionCode", "questionText", "value", "negative", (SELECT e."stage" FROM "election_events" e WHERE e."id" = "event_answers"."eventId") FROM "event_answers"`,
    );
    await queryRunner.query(`DROP TABLE "event_answers"`);
    await queryRunner.query(`ALTER TABLE "temporary_event_answers" RENAME TO "event_answers"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_event_answers_mission_question" ON "event_answers" ("missionId", "questionCode") `,
    );
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
    await queryRunner.query(`DROP INDEX "IDX_election_events_summary_incidents"`);
    await queryRunner.query(`DROP INDEX "IDX_election_events_summary_turnout"`);
    await queryRunner.query(`DROP INDEX "IDX_event_answers_summary"`);
    await queryRunner.query(`DROP INDEX "IDX_event_answers_mission_question"`);
    await queryRunner.query(`ALTER TABLE "event_answers" RENAME TO "temporary_event_answers"`);
    await queryRunner.query(
      `CREATE TABLE "event_answers" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "eventId" integer NOT NULL, "missionId" integer NOT NULL, "questionCode" varchar(64) NOT NULL, "questionText" varchar(1000), "value" varchar(2000), "negative" boolean NOT NULL DEFAULT (0), CONSTRAINT "UQ_event_answers_event_question" UNIQUE ("eventId", "questionCode"), CONSTRAINT "FK_e1a7907680f763c1deadf4c26d6" FOREIGN KEY ("eventId") REFERENCES "election_events" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "event_answers"("id", "eventId", "missionId", "questionCode", "questionText", "value", "negative") SELECT "id", "eventId", "missionId", "questionCode", "questionText", "value", "negative" FROM "temporary_event_answers"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_event_answers"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_event_answers_mission_question" ON "event_answers" ("missionId", "questionCode") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_summary_turnout" ON "election_events" ("missionId", "type", "pollingStationId", "occurredAt", "votersVoted") `,
    );
  }
}
