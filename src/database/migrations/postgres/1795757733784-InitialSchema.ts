import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795757733784 implements MigrationInterface {
  name = 'InitialSchema1795757733784';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."missions_kind_enum" AS ENUM('eom', 'limited_eom', 'assessment', 'needs_assessment', 'parliamentary_delegation', 'citizen_observation')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."missions_electiontype_enum" AS ENUM('presidential', 'parliamentary', 'local', 'referendum', 'other')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."missions_status_enum" AS ENUM('planned', 'active', 'reporting', 'closed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "missions" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "name" character varying(200) NOT NULL, "organization" character varying(200) NOT NULL, "kind" "public"."missions_kind_enum" NOT NULL, "hostCountry" character varying(2) NOT NULL, "electionName" character varying(300) NOT NULL, "electionType" "public"."missions_electiontype_enum" NOT NULL, "electionDate" date NOT NULL, "startDate" date NOT NULL, "endDate" date NOT NULL, "timezone" character varying(64) NOT NULL, "status" "public"."missions_status_enum" NOT NULL DEFAULT 'planned', CONSTRAINT "PK_787aebb1ac5923c9904043c6309" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_missions_status" ON "missions" ("status") `);
    await queryRunner.query(
      `CREATE TABLE "teams" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "missionId" integer NOT NULL, "code" character varying(64) NOT NULL, "area" character varying(200), CONSTRAINT "UQ_teams_mission_code" UNIQUE ("missionId", "code"), CONSTRAINT "PK_7e5523774a38b08a6236d322403" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."polling_stations_type_enum" AS ENUM('regular', 'special', 'abroad', 'military', 'hospital', 'penitentiary')`,
    );
    await queryRunner.query(
      `CREATE TABLE "polling_stations" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "missionId" integer NOT NULL, "constituencyCode" character varying(64) NOT NULL DEFAULT '', "code" character varying(64) NOT NULL, "name" character varying(300) NOT NULL, "address" character varying(500), "region" character varying(200), "district" character varying(200), "latitude" double precision, "longitude" double precision, "registeredVoters" integer, "type" "public"."polling_stations_type_enum" NOT NULL DEFAULT 'regular', "tags" text NOT NULL DEFAULT '[]', CONSTRAINT "UQ_polling_stations_mission_constituency_code" UNIQUE ("missionId", "constituencyCode", "code"), CONSTRAINT "PK_c7c2a631edae9c8782f8d916212" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_polling_stations_mission_type" ON "polling_stations" ("missionId", "type") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_polling_stations_mission_region" ON "polling_stations" ("missionId", "region") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."observers_role_enum" AS ENUM('head_of_mission', 'deputy_head', 'core_team', 'lto', 'sto', 'parliamentarian', 'interpreter', 'driver', 'staff')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."observers_gender_enum" AS ENUM('female', 'male', 'other', 'undisclosed')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."observers_accreditationstatus_enum" AS ENUM('pending', 'accredited', 'rejected', 'revoked')`,
    );
    await queryRunner.query(
      `CREATE TABLE "observers" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "missionId" integer NOT NULL, "fullName" character varying(200) NOT NULL, "role" "public"."observers_role_enum" NOT NULL, "nationality" character varying(2) NOT NULL, "gender" "public"."observers_gender_enum" NOT NULL DEFAULT 'undisclosed', "languages" text NOT NULL DEFAULT '[]', "secondingOrganization" character varying(200), "teamId" integer, "accreditationStatus" "public"."observers_accreditationstatus_enum" NOT NULL DEFAULT 'pending', "accreditationNumber" character varying(64), "accreditedAt" date, "email" character varying(320), "phone" character varying(64), "documentNumber" character varying(64), "dateOfBirth" date, CONSTRAINT "UQ_observers_mission_accreditation" UNIQUE ("missionId", "accreditationNumber"), CONSTRAINT "PK_5380b2aa449936254c4c3e72907" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_observers_team" ON "observers" ("teamId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_observers_mission_nationality" ON "observers" ("missionId", "nationality") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_observers_mission_role" ON "observers" ("missionId", "role") `);
    await queryRunner.query(
      `CREATE TABLE "event_answers" ("id" SERIAL NOT NULL, "eventId" integer NOT NULL, "missionId" integer NOT NULL, "questionCode" character varying(64) NOT NULL, "questionText" character varying(1000), "value" character varying(2000), "negative" boolean NOT NULL DEFAULT false, CONSTRAINT "UQ_event_answers_event_question" UNIQUE ("eventId", "questionCode"), CONSTRAINT "PK_7abfe27db4fb0bb56c1f15aaebc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_event_answers_mission_question" ON "event_answers" ("missionId", "questionCode") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."election_events_type_enum" AS ENUM('meeting', 'briefing', 'press_conference', 'statement', 'other', 'station_visit', 'incident')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."election_events_stage_enum" AS ENUM('opening', 'voting', 'closing', 'counting', 'tabulation')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."election_events_overallassessment_enum" AS ENUM('very_good', 'good', 'bad', 'very_bad', 'not_applicable')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."election_events_category_enum" AS ENUM('intimidation', 'vote_buying', 'ballot_stuffing', 'multiple_voting', 'secrecy_violation', 'unauthorized_persons', 'procedural', 'violence', 'access_denied', 'other')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."election_events_severity_enum" AS ENUM('low', 'medium', 'high', 'critical')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."election_events_status_enum" AS ENUM('reported', 'verified', 'dismissed', 'escalated')`,
    );
    await queryRunner.query(
      `CREATE TABLE "election_events" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "missionId" integer NOT NULL, "type" "public"."election_events_type_enum" NOT NULL, "occurredAt" TIMESTAMP WITH TIME ZONE NOT NULL, "title" character varying(300) NOT NULL, "description" character varying(10000), "pollingStationId" integer, "counterpart" character varying(300), "counterpartOrganization" character varying(300), "location" character varying(300), "stage" "public"."election_events_stage_enum", "overallAssessment" "public"."election_events_overallassessment_enum", "votersVoted" integer, "category" "public"."election_events_category_enum", "severity" "public"."election_events_severity_enum", "status" "public"."election_events_status_enum", "statusChangedByUserId" integer, "statusChangedAt" TIMESTAMP WITH TIME ZONE, "reportedByUserId" integer, CONSTRAINT "PK_525d2ed7f86b23fd369982a9d87" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_election_events_station" ON "election_events" ("pollingStationId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_reported_by" ON "election_events" ("reportedByUserId") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_mission_stage_station" ON "election_events" ("missionId", "stage", "pollingStationId") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_mission_time" ON "election_events" ("missionId", "occurredAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_mission_type_time" ON "election_events" ("missionId", "type", "occurredAt") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."incident_status_changes_fromstatus_enum" AS ENUM('reported', 'verified', 'dismissed', 'escalated')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."incident_status_changes_tostatus_enum" AS ENUM('reported', 'verified', 'dismissed', 'escalated')`,
    );
    await queryRunner.query(
      `CREATE TABLE "incident_status_changes" ("id" SERIAL NOT NULL, "eventId" integer NOT NULL, "fromStatus" "public"."incident_status_changes_fromstatus_enum", "toStatus" "public"."incident_status_changes_tostatus_enum" NOT NULL, "changedByUserId" integer, "changedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "note" character varying(2000), CONSTRAINT "PK_3b5286e0ef74e2443945276721d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."deployments_status_enum" AS ENUM('planned', 'done', 'cancelled')`);
    await queryRunner.query(
      `CREATE TABLE "deployments" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "missionId" integer NOT NULL, "teamId" integer, "observerId" integer, "pollingStationId" integer NOT NULL, "stages" text NOT NULL, "startsAt" TIMESTAMP WITH TIME ZONE NOT NULL, "endsAt" TIMESTAMP WITH TIME ZONE NOT NULL, "status" "public"."deployments_status_enum" NOT NULL DEFAULT 'planned', CONSTRAINT "PK_1e5627acb3c950deb83fe98fc48" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_deployments_mission_station" ON "deployments" ("missionId", "pollingStationId") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_deployments_mission_observer_window" ON "deployments" ("missionId", "observerId", "startsAt", "endsAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_deployments_mission_team_window" ON "deployments" ("missionId", "teamId", "startsAt", "endsAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "idempotency_records" ("id" SERIAL NOT NULL, "scope" character varying(300) NOT NULL, "key" character varying(200) NOT NULL, "requestHash" character varying(64) NOT NULL, "responseStatus" integer NOT NULL, "responseBody" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_idempotency_records_scope_key" UNIQUE ("scope", "key"), CONSTRAINT "PK_9ae4e93699362b0d4e3da3dd1c2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_idempotency_records_expires" ON "idempotency_records" ("expiresAt") `);
    await queryRunner.query(
      `CREATE TYPE "public"."checklist_templates_stage_enum" AS ENUM('opening', 'voting', 'closing', 'counting', 'tabulation')`,
    );
    await queryRunner.query(
      `CREATE TABLE "checklist_templates" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "missionId" integer NOT NULL, "stage" "public"."checklist_templates_stage_enum" NOT NULL, "questions" text NOT NULL, CONSTRAINT "UQ_checklist_templates_mission_stage" UNIQUE ("missionId", "stage"), CONSTRAINT "PK_e6d17651d110bbac45cf07e44fa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."users_role_enum" AS ENUM('admin', 'coordinator', 'analyst', 'observer')`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "name" character varying(200) NOT NULL, "role" "public"."users_role_enum" NOT NULL, "observerId" integer, "tokenHash" character varying(64), "tokenIssuedAt" TIMESTAMP WITH TIME ZONE, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_token_hash" ON "users" ("tokenHash") `);
    await queryRunner.query(
      `CREATE TYPE "public"."audit_entries_action_enum" AS ENUM('create', 'update', 'delete', 'import')`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_entries" ("id" SERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actorUserId" integer, "actorName" character varying(200), "action" "public"."audit_entries_action_enum" NOT NULL, "entityType" character varying(64) NOT NULL, "entityId" integer, "missionId" integer, "changes" text, CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_audit_entries_entity" ON "audit_entries" ("entityType", "entityId") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entries_mission_at" ON "audit_entries" ("missionId", "at") `);
    await queryRunner.query(
      `CREATE TABLE "event_observers" ("eventId" integer NOT NULL, "observerId" integer NOT NULL, CONSTRAINT "PK_2ab71b3c73e2d17e73c3fb19374" PRIMARY KEY ("eventId", "observerId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_3c0b049fddef59816cd0ee4f91" ON "event_observers" ("eventId") `);
    await queryRunner.query(`CREATE INDEX "IDX_2fc0514a8d048ddb6a1d640946" ON "event_observers" ("observerId") `);
    await queryRunner.query(
      `CREATE TABLE "user_missions" ("userId" integer NOT NULL, "missionId" integer NOT NULL, CONSTRAINT "PK_97f7687552e721dbf1c82a6eae6" PRIMARY KEY ("userId", "missionId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cedb05f0e3f7fc3c5cad9ceca0" ON "user_missions" ("userId") `);
    await queryRunner.query(`CREATE INDEX "IDX_d91466f651650ed5ca0423027c" ON "user_missions" ("missionId") `);
    await queryRunner.query(
      `ALTER TABLE "teams" ADD CONSTRAINT "FK_abba4de6b4ad1b4fe5305d6b988" FOREIGN KEY ("missionId") REFERENCES "missions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "polling_stations" ADD CONSTRAINT "FK_014f728c233d2ec6caedfe3995a" FOREIGN KEY ("missionId") REFERENCES "missions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "observers" ADD CONSTRAINT "FK_69cee851c79a55f213ffa12774c" FOREIGN KEY ("missionId") REFERENCES "missions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "observers" ADD CONSTRAINT "FK_f819eef8656aac967ac0b6d8bdd" FOREIGN KEY ("teamId") REFERENCES "teams"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_answers" ADD CONSTRAINT "FK_e1a7907680f763c1deadf4c26d6" FOREIGN KEY ("eventId") REFERENCES "election_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "election_events" ADD CONSTRAINT "FK_845d2c603e2804aac5e0928d597" FOREIGN KEY ("missionId") REFERENCES "missions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "election_events" ADD CONSTRAINT "FK_86eca76b3709d5bda274eb49073" FOREIGN KEY ("pollingStationId") REFERENCES "polling_stations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_status_changes" ADD CONSTRAINT "FK_bed642091abd8bcd7708ada6371" FOREIGN KEY ("eventId") REFERENCES "election_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deployments" ADD CONSTRAINT "FK_b47560cef9546cfd1fb162c12a9" FOREIGN KEY ("missionId") REFERENCES "missions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deployments" ADD CONSTRAINT "FK_4ca10e2bd9294042361ad332de8" FOREIGN KEY ("teamId") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deployments" ADD CONSTRAINT "FK_737a733939544a2ae3f4fe4619f" FOREIGN KEY ("observerId") REFERENCES "observers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deployments" ADD CONSTRAINT "FK_4b45c0bd0218174e30b67921ab2" FOREIGN KEY ("pollingStationId") REFERENCES "polling_stations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "checklist_templates" ADD CONSTRAINT "FK_678da5501a3f5e10058d128860b" FOREIGN KEY ("missionId") REFERENCES "missions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_fa4650f66dfa6677fb7264d03e6" FOREIGN KEY ("observerId") REFERENCES "observers"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_observers" ADD CONSTRAINT "FK_3c0b049fddef59816cd0ee4f915" FOREIGN KEY ("eventId") REFERENCES "election_events"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_observers" ADD CONSTRAINT "FK_2fc0514a8d048ddb6a1d640946d" FOREIGN KEY ("observerId") REFERENCES "observers"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_missions" ADD CONSTRAINT "FK_cedb05f0e3f7fc3c5cad9ceca00" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_missions" ADD CONSTRAINT "FK_d91466f651650ed5ca0423027cb" FOREIGN KEY ("missionId") REFERENCES "missions"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_missions" DROP CONSTRAINT "FK_d91466f651650ed5ca0423027cb"`);
    await queryRunner.query(`ALTER TABLE "user_missions" DROP CONSTRAINT "FK_cedb05f0e3f7fc3c5cad9ceca00"`);
    await queryRunner.query(`ALTER TABLE "event_observers" DROP CONSTRAINT "FK_2fc0514a8d048ddb6a1d640946d"`);
    await queryRunner.query(`ALTER TABLE "event_observers" DROP CONSTRAINT "FK_3c0b049fddef59816cd0ee4f915"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_fa4650f66dfa6677fb7264d03e6"`);
    await queryRunner.query(`ALTER TABLE "checklist_templates" DROP CONSTRAINT "FK_678da5501a3f5e10058d128860b"`);
    await queryRunner.query(`ALTER TABLE "deployments" DROP CONSTRAINT "FK_4b45c0bd0218174e30b67921ab2"`);
    await queryRunner.query(`ALTER TABLE "deployments" DROP CONSTRAINT "FK_737a733939544a2ae3f4fe4619f"`);
    await queryRunner.query(`ALTER TABLE "deployments" DROP CONSTRAINT "FK_4ca10e2bd9294042361ad332de8"`);
    await queryRunner.query(`ALTER TABLE "deployments" DROP CONSTRAINT "FK_b47560cef9546cfd1fb162c12a9"`);
    await queryRunner.query(`ALTER TABLE "incident_status_changes" DROP CONSTRAINT "FK_bed642091abd8bcd7708ada6371"`);
    await queryRunner.query(`ALTER TABLE "election_events" DROP CONSTRAINT "FK_86eca76b3709d5bda274eb49073"`);
    await queryRunner.query(`ALTER TABLE "election_events" DROP CONSTRAINT "FK_845d2c603e2804aac5e0928d597"`);
    await queryRunner.query(`ALTER TABLE "event_answers" DROP CONSTRAINT "FK_e1a7907680f763c1deadf4c26d6"`);
    await queryRunner.query(`ALTER TABLE "observers" DROP CONSTRAINT "FK_f819eef8656aac967ac0b6d8bdd"`);
    await queryRunner.query(`ALTER TABLE "observers" DROP CONSTRAINT "FK_69cee851c79a55f213ffa12774c"`);
    await queryRunner.query(`ALTER TABLE "polling_stations" DROP CONSTRAINT "FK_014f728c233d2ec6caedfe3995a"`);
    await queryRunner.query(`ALTER TABLE "teams" DROP CONSTRAINT "FK_abba4de6b4ad1b4fe5305d6b988"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d91466f651650ed5ca0423027c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cedb05f0e3f7fc3c5cad9ceca0"`);
    await queryRunner.query(`DROP TABLE "user_missions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2fc0514a8d048ddb6a1d640946"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3c0b049fddef59816cd0ee4f91"`);
    await queryRunner.query(`DROP TABLE "event_observers"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_entries_mission_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_entries_entity"`);
    await queryRunner.query(`DROP TABLE "audit_entries"`);
    await queryRunner.query(`DROP TYPE "public"."audit_entries_action_enum"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_users_token_hash"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TYPE "public"."users_role_enum"`);
    await queryRunner.query(`DROP TABLE "checklist_templates"`);
    await queryRunner.query(`DROP TYPE "public"."checklist_templates_stage_enum"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_idempotency_records_expires"`);
    await queryRunner.query(`DROP TABLE "idempotency_records"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_deployments_mission_team_window"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_deployments_mission_observer_window"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_deployments_mission_station"`);
    await queryRunner.query(`DROP TABLE "deployments"`);
    await queryRunner.query(`DROP TYPE "public"."deployments_status_enum"`);
    await queryRunner.query(`DROP TABLE "incident_status_changes"`);
    await queryRunner.query(`DROP TYPE "public"."incident_status_changes_tostatus_enum"`);
    await queryRunner.query(`DROP TYPE "public"."incident_status_changes_fromstatus_enum"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_election_events_mission_type_time"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_election_events_mission_time"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_election_events_mission_stage_station"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_election_events_reported_by"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_election_events_station"`);
    await queryRunner.query(`DROP TABLE "election_events"`);
    await queryRunner.query(`DROP TYPE "public"."election_events_status_enum"`);
    await queryRunner.query(`DROP TYPE "public"."election_events_severity_enum"`);
    await queryRunner.query(`DROP TYPE "public"."election_events_category_enum"`);
    await queryRunner.query(`DROP TYPE "public"."election_events_overallassessment_enum"`);
    await queryRunner.query(`DROP TYPE "public"."election_events_stage_enum"`);
    await queryRunner.query(`DROP TYPE "public"."election_events_type_enum"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_event_answers_mission_question"`);
    await queryRunner.query(`DROP TABLE "event_answers"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_observers_mission_role"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_observers_mission_nationality"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_observers_team"`);
    await queryRunner.query(`DROP TABLE "observers"`);
    await queryRunner.query(`DROP TYPE "public"."observers_accreditationstatus_enum"`);
    await queryRunner.query(`DROP TYPE "public"."observers_gender_enum"`);
    await queryRunner.query(`DROP TYPE "public"."observers_role_enum"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_polling_stations_mission_region"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_polling_stations_mission_type"`);
    await queryRunner.query(`DROP TABLE "polling_stations"`);
    await queryRunner.query(`DROP TYPE "public"."polling_stations_type_enum"`);
    await queryRunner.query(`DROP TABLE "teams"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_missions_status"`);
    await queryRunner.query(`DROP TABLE "missions"`);
    await queryRunner.query(`DROP TYPE "public"."missions_status_enum"`);
    await queryRunner.query(`DROP TYPE "public"."missions_electiontype_enum"`);
    await queryRunner.query(`DROP TYPE "public"."missions_kind_enum"`);
  }
}
