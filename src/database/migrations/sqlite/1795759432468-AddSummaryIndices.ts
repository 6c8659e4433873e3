import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddSummaryIndices1795759432468 implements MigrationInterface {
  name = 'AddSummaryIndices1795759432468';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_summary_turnout" ON "election_events" ("missionId", "type", "pollingStationId", "occurredAt", "votersVoted") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_summary_visits" ON "election_events" ("missionId", "type", "stage", "pollingStationId", "overallAssessment", "occurredAt") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_election_events_summary_visits"`);
    await queryRunner.query(`DROP INDEX "IDX_election_events_summary_turnout"`);
  }
}
