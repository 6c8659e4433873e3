import { MigrationInterface, QueryRunner } from 'typeorm';

/** A station's latest visits of a stage in one backward index walk (quality checks of a new visit). */
export class LatestVisitsIndex1796232000001 implements MigrationInterface {
  name = 'LatestVisitsIndex1796232000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_election_events_mission_stage_station"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_mission_stage_station" ON "election_events" ("missionId", "stage", "pollingStationId", "occurredAt", "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_election_events_mission_stage_station"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_mission_stage_station" ON "election_events" ("missionId", "stage", "pollingStationId")`,
    );
  }
}
