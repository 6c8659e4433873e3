import { MigrationInterface, QueryRunner } from 'typeorm';

/** Quality checks per mission and stage, and the flags they put on station visits. */

export class QualityChecks1796231003040 implements MigrationInterface {
  name = 'QualityChecks1796231003040';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."quality_checks_stage_enum" AS ENUM('opening', 'voting', 'closing', 'counting', 'tabulation')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."quality_checks_severity_enum" AS ENUM('warning', 'error')`);
    await queryRunner.query(`CREATE TYPE "public"."quality_checks_recheckstate_enum" AS ENUM('running', 'done')`);
    await queryRunner.query(
      `CREATE TABLE "quality_checks" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "missionId" integer NOT NULL, "stage" "public"."quality_checks_stage_enum" NOT NULL, "name" character varying(200) NOT NULL, "severity" "public"."quality_checks_severity_enum" NOT NULL, "condition" character varying(1000) NOT NULL, "compiled" text NOT NULL, "recheckState" "public"."quality_checks_recheckstate_enum" NOT NULL DEFAULT 'done', "recheckChecked" integer NOT NULL DEFAULT '0', "recheckTotal" integer NOT NULL DEFAULT '0', CONSTRAINT "UQ_quality_checks_mission_stage_name" UNIQUE ("missionId", "stage", "name"), CONSTRAINT "PK_f9d52a9f227cd4f72dc1eef4367" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_quality_checks_mission_stage" ON "quality_checks" ("missionId", "stage") `,
    );
    await queryRunner.query(
      `CREATE TABLE "report_flags" ("id" SERIAL NOT NULL, "missionId" integer NOT NULL, "eventId" integer NOT NULL, "checkId" integer NOT NULL, CONSTRAINT "UQ_report_flags_event_check" UNIQUE ("eventId", "checkId"), CONSTRAINT "PK_87883c38ec673f433d6a93de6e2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_report_flags_mission_check" ON "report_flags" ("missionId", "checkId") `,
    );
    await queryRunner.query(
      `ALTER TABLE "quality_checks" ADD CONSTRAINT "FK_8bbd828f2fda32642b60acd61b6" FOREIGN KEY ("missionId") REFERENCES "missions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_flags" ADD CONSTRAINT "FK_c8634b6704218cdf67fba583e66" FOREIGN KEY ("eventId") REFERENCES "election_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_flags" ADD CONSTRAINT "FK_ba38b10014d42c82f3f9009bfe9" FOREIGN KEY ("checkId") REFERENCES "quality_checks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_flags" DROP CONSTRAINT "FK_ba38b10014d42c82f3f9009bfe9"`);
    await queryRunner.query(`ALTER TABLE "report_flags" DROP CONSTRAINT "FK_c8634b6704218cdf67fba583e66"`);
    await queryRunner.query(`ALTER TABLE "quality_checks" DROP CONSTRAINT "FK_8bbd828f2fda32642b60acd61b6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_report_flags_mission_check"`);
    await queryRunner.query(`DROP TABLE "report_flags"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_quality_checks_mission_stage"`);
    await queryRunner.query(`DROP TABLE "quality_checks"`);
    await queryRunner.query(`DROP TYPE "public"."quality_checks_recheckstate_enum"`);
    await queryRunner.query(`DROP TYPE "public"."quality_checks_severity_enum"`);
    await queryRunner.query(`DROP TYPE "public"."quality_checks_stage_enum"`);
  }
}
