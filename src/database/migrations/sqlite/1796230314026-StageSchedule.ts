import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each mission's election-day stage hours (src/missions/stage-schedule.ts); existing missions get the defaults. */
export class StageSchedule1796230314026 implements MigrationInterface {
  name = 'StageSchedule1796230314026';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "missions" ADD COLUMN "stageSchedule" text NOT NULL DEFAULT ('{"opening":{"from":"07:00","to":"08:00"},"voting":{"from":"08:00","to":"20:00"},"closing":{"from":"20:00","to":"21:00"},"counting":{"from":"20:00","to":"02:00"}}')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "missions" DROP COLUMN "stageSchedule"`);
  }
}
