import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditMissionLastChange1795770550291 implements MigrationInterface {
  name = 'AuditMissionLastChange1795770550291';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_audit_entries_mission_id" ON "audit_entries" ("missionId", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_audit_entries_mission_id"`);
  }
}
