import { MigrationInterface, QueryRunner } from 'typeorm';

/** Quality checks per mission and stage, and the flags they put on station visits. */
export class QualityChecks1796230986926 implements MigrationInterface {
  name = 'QualityChecks1796230986926';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "quality_checks" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "stage" varchar CHECK( "stage" IN ('opening','voting','closing','counting','tabulation') ) NOT NULL, "name" varchar(200) NOT NULL, "severity" varchar CHECK( "severity" IN ('warning','error') ) NOT NULL, "condition" varchar(1000) NOT NULL, "compiled" text NOT NULL, "recheckState" varchar CHECK( "recheckState" IN ('running','done') ) NOT NULL DEFAULT ('done'), "recheckChecked" integer NOT NULL DEFAULT (0), "recheckTotal" integer NOT NULL DEFAULT (0), CONSTRAINT "UQ_quality_checks_mission_stage_name" UNIQUE ("missionId", "stage", "name"), CONSTRAINT "FK_8bbd828f2fda32642b60acd61b6" FOREIGN KEY ("missionId") REFERENCES "missions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_quality_checks_mission_stage" ON "quality_checks" ("missionId", "stage")`,
    );
    await queryRunner.query(
      `CREATE TABLE "report_flags" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "missionId" integer NOT NULL, "eventId" integer NOT NULL, "checkId" integer NOT NULL, CONSTRAINT "UQ_report_flags_event_check" UNIQUE ("eventId", "checkId"), CONSTRAINT "FK_c8634b6704218cdf67fba583e66" FOREIGN KEY ("eventId") REFERENCES "election_events" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_ba38b10014d42c82f3f9009bfe9" FOREIGN KEY ("checkId") REFERENCES "quality_checks" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_report_flags_mission_check" ON "report_flags" ("missionId", "checkId")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_report_flags_mission_check"`);
    await queryRunner.query(`DROP TABLE "report_flags"`);
    await queryRunner.query(`DROP INDEX "IDX_quality_checks_mission_stage"`);
    await queryRunner.query(`DROP TABLE "quality_checks"`);
  }
}
