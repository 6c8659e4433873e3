import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditMissionLastChange1795770560072 implements MigrationInterface {
  name = 'AuditMissionLastChange1795770560072';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_audit_entries_mission_id" ON "audit_entries" ("missionId", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_entries_mission_id"`);
  }
}
