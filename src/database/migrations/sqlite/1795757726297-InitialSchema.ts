import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795757726297 implements MigrationInterface {
  name = 'InitialSchema1795757726297';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "missions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "name" varchar(200) NOT NULL, "organization" varchar(200) NOT NULL, "kind" varchar CHECK( "kind" IN ('eom','limited_eom','assessment','needs_assessment','parliamentary_delegation','citizen_observation') ) NOT NULL, "hostCountry" varchar(2) NOT NULL, "electionName" varchar(300) NOT NULL, "electionType" varchar CHECK( "electionType" IN ('presidential','parliamentary','local','referendum','other') ) NOT NULL, "electionDate" date NOT NULL, "startDate" date NOT NULL, "endDate" date NOT NULL, "timezone" varchar(64) NOT NULL, "status" varchar CHECK( "status" IN ('planned','active','reporting','closed') ) NOT NULL DEFAULT ('planned'))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_missions_status" ON "missions" ("status") `);
    await queryRunner.query(
      `CREATE TABLE "teams" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "code" varchar(64) NOT NULL, "area" varchar(200), CONSTRAINT "UQ_teams_mission_code" UNIQUE ("missionId", "code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "polling_stations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "constituencyCode" varchar(64) NOT NULL DEFAULT (''), "code" varchar(64) NOT NULL, "name" varchar(300) NOT NULL, "address" varchar(500), "region" varchar(200), "district" varchar(200), "latitude" double precision, "longitude" double precision, "registeredVoters" integer, "type" varchar CHECK( "type" IN ('regular','special','abroad','military','hospital','penitentiary') ) NOT NULL DEFAULT ('regular'), "tags" text NOT NULL DEFAULT ('[]'), CONSTRAINT "UQ_polling_stations_mission_constituency_code" UNIQUE ("missionId", "constituencyCode", "code"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_polling_stations_mission_type" ON "polling_stations" ("missionId", "type") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_polling_stations_mission_region" ON "polling_stations" ("missionId", "region") `,
    );
    await queryRunner.query(
      `CREATE TABLE "observers" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "fullName" varchar(200) NOT NULL, "role" varchar CHECK( "role" IN ('head_of_mission','deputy_head','core_team','lto','sto','parliamentarian','interpreter','driver','staff') ) NOT NULL, "nationality" varchar(2) NOT NULL, "gender" varchar CHECK( "gender" IN ('female','male','other','undisclosed') ) NOT NULL DEFAULT ('undisclosed'), "languages" text NOT NULL DEFAULT ('[]'), "secondingOrganization" varchar(200), "teamId" integer, "accreditationStatus" varchar CHECK( "accreditationStatus" IN ('pending','accredited','rejected','revoked') ) NOT NULL DEFAULT ('pending'), "accreditationNumber" varchar(64), "accreditedAt" date, "email" varchar(320), "phone" varchar(64), "documentNumber" varchar(64), "dateOfBirth" date, CONSTRAINT "UQ_observers_mission_accreditation" UNIQUE ("missionId", "accreditationNumber"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_observers_team" ON "observers" ("teamId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_observers_mission_nationality" ON "observers" ("missionId", "nationality") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_observers_mission_role" ON "observers" ("missionId", "role") `);
    await queryRunner.query(
      `CREATE TABLE "event_answers" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "eventId" integer NOT NULL, "missionId" integer NOT NULL, "questionCode" varchar(64) NOT NULL, "questionText" varchar(1000), "value" varchar(2000), "negative" boolean NOT NULL DEFAULT (0), CONSTRAINT "UQ_event_answers_event_question" UNIQUE ("eventId", "questionCode"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_event_answers_mission_question" ON "event_answers" ("missionId", "questionCode") `,
    );
    await queryRunner.query(
      `CREATE TABLE "election_events" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "type" varchar CHECK( "type" IN ('meeting','briefing','press_conference','statement','other','station_visit','incident') ) NOT NULL, "occurredAt" datetime NOT NULL, "title" varchar(300) NOT NULL, "description" varchar(10000), "pollingStationId" integer, "counterpart" varchar(300), "counterpartOrganization" varchar(300), "location" varchar(300), "stage" varchar CHECK( "stage" IN ('opening','voting','closing','counting','tabulation') ), "overallAssessment" varchar CHECK( "overallAssessment" IN ('very_good','good','bad','very_bad','not_applicable') ), "votersVoted" integer, "category" varchar CHECK( "category" IN ('intimidation','vote_buying','ballot_stuffing','multiple_voting','secrecy_violation','unauthorized_persons','procedural','violence','access_denied','other') ), "severity" varchar CHECK( "severity" IN ('low','medium','high','critical') ), "status" varchar CHECK( "status" IN ('reported','verified','dismissed','escalated') ), "statusChangedByUserId" integer, "statusChangedAt" datetime, "reportedByUserId" integer)`,
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
      `CREATE TABLE "incident_status_changes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "eventId" integer NOT NULL, "fromStatus" varchar CHECK( "fromStatus" IN ('reported','verified','dismissed','escalated') ), "toStatus" varchar CHECK( "toStatus" IN ('reported','verified','dismissed','escalated') ) NOT NULL, "changedByUserId" integer, "changedAt" datetime NOT NULL DEFAULT (datetime('now')), "note" varchar(2000))`,
    );
    await queryRunner.query(
      `CREATE TABLE "deployments" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "teamId" integer, "observerId" integer, "pollingStationId" integer NOT NULL, "stages" text NOT NULL, "startsAt" datetime NOT NULL, "endsAt" datetime NOT NULL, "status" varchar CHECK( "status" IN ('planned','done','cancelled') ) NOT NULL DEFAULT ('planned'))`,
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
      `CREATE TABLE "idempotency_records" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "scope" varchar(300) NOT NULL, "key" varchar(200) NOT NULL, "requestHash" varchar(64) NOT NULL, "responseStatus" integer NOT NULL, "responseBody" text NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "expiresAt" datetime NOT NULL, CONSTRAINT "UQ_idempotency_records_scope_key" UNIQUE ("scope", "key"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_idempotency_records_expires" ON "idempotency_records" ("expiresAt") `);
    await queryRunner.query(
      `CREATE TABLE "checklist_templates" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "stage" varchar CHECK( "stage" IN ('opening','voting','closing','counting','tabulation') ) NOT NULL, "questions" text NOT NULL, CONSTRAINT "UQ_checklist_templates_mission_stage" UNIQUE ("missionId", "stage"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "name" varchar(200) NOT NULL, "role" varchar CHECK( "role" IN ('admin','coordinator','analyst','observer') ) NOT NULL, "observerId" integer, "tokenHash" varchar(64), "tokenIssuedAt" datetime, "active" boolean NOT NULL DEFAULT (1))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_token_hash" ON "users" ("tokenHash") `);
    await queryRunner.query(
      `CREATE TABLE "audit_entries" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "at" datetime NOT NULL DEFAULT (datetime('now')), "actorUserId" integer, "actorName" varchar(200), "action" varchar CHECK( "action" IN ('create','update','delete','import') ) NOT NULL, "entityType" varchar(64) NOT NULL, "entityId" integer, "missionId" integer, "changes" text)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_audit_entries_entity" ON "audit_entries" ("entityType", "entityId") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entries_mission_at" ON "audit_entries" ("missionId", "at") `);
    await queryRunner.query(
      `CREATE TABLE "event_observers" ("eventId" integer NOT NULL, "observerId" integer NOT NULL, PRIMARY KEY ("eventId", "observerId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_3c0b049fddef59816cd0ee4f91" ON "event_observers" ("eventId") `);
    await queryRunner.query(`CREATE INDEX "IDX_2fc0514a8d048ddb6a1d640946" ON "event_observers" ("observerId") `);
    await queryRunner.query(
      `CREATE TABLE "user_missions" ("userId" integer NOT NULL, "missionId" integer NOT NULL, PRIMARY KEY ("userId", "missionId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cedb05f0e3f7fc3c5cad9ceca0" ON "user_missions" ("userId") `);
    await queryRunner.query(`CREATE INDEX "IDX_d91466f651650ed5ca0423027c" ON "user_missions" ("missionId") `);
    await queryRunner.query(
      `CREATE TABLE "temporary_teams" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "code" varchar(64) NOT NULL, "area" varchar(200), CONSTRAINT "UQ_teams_mission_code" UNIQUE ("missionId", "code"), CONSTRAINT "FK_abba4de6b4ad1b4fe5305d6b988" FOREIGN KEY ("missionId") REFERENCES "missions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_teams"("id", "createdAt", "updatedAt", "version", "missionId", "code", "area") SELECT "id", "createdAt", "updatedAt", "version", "missionId", "code", "area" FROM "teams"`,
    );
    await queryRunner.query(`DROP TABLE "teams"`);
    await queryRunner.query(`ALTER TABLE "temporary_teams" RENAME TO "teams"`);
    await queryRunner.query(`DROP INDEX "IDX_polling_stations_mission_type"`);
    await queryRunner.query(`DROP INDEX "IDX_polling_stations_mission_region"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_polling_stations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "constituencyCode" varchar(64) NOT NULL DEFAULT (''), "code" varchar(64) NOT NULL, "name" varchar(300) NOT NULL, "address" varchar(500), "region" varchar(200), "district" varchar(200), "latitude" double precision, "longitude" double precision, "registeredVoters" integer, "type" varchar CHECK( "type" IN ('regular','special','abroad','military','hospital','penitentiary') ) NOT NULL DEFAULT ('regular'), "tags" text NOT NULL DEFAULT ('[]'), CONSTRAINT "UQ_polling_stations_mission_constituency_code" UNIQUE ("missionId", "constituencyCode", "code"), CONSTRAINT "FK_014f728c233d2ec6caedfe3995a" FOREIGN KEY ("missionId") REFERENCES "missions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_polling_stations"("id", "createdAt", "updatedAt", "version", "missionId", "constituencyCode", "code", "name", "address", "region", "district", "latitude", "longitude", "registeredVoters", "type", "tags") SELECT "id", "createdAt", "updatedAt", "version", "missionId", "constituencyCode", "code", "name", "address", "region", "district", "latitude", "longitude", "registeredVoters", "type", "tags" FROM "polling_stations"`,
    );
    await queryRunner.query(`DROP TABLE "polling_stations"`);
    await queryRunner.query(`ALTER TABLE "temporary_polling_stations" RENAME TO "polling_stations"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_polling_stations_mission_type" ON "polling_stations" ("missionId", "type") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_polling_stations_mission_region" ON "polling_stations" ("missionId", "region") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_observers_team"`);
    await queryRunner.query(`DROP INDEX "IDX_observers_mission_nationality"`);
    await queryRunner.query(`DROP INDEX "IDX_observers_mission_role"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_observers" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "fullName" varchar(200) NOT NULL, "role" varchar CHECK( "role" IN ('head_of_mission','deputy_head','core_team','lto','sto','parliamentarian','interpreter','driver','staff') ) NOT NULL, "nationality" varchar(2) NOT NULL, "gender" varchar CHECK( "gender" IN ('female','male','other','undisclosed') ) NOT NULL DEFAULT ('undisclosed'), "languages" text NOT NULL DEFAULT ('[]'), "secondingOrganization" varchar(200), "teamId" integer, "accreditationStatus" varchar CHECK( "accreditationStatus" IN ('pending','accredited','rejected','revoked') ) NOT NULL DEFAULT ('pending'), "accreditationNumber" varchar(64), "accreditedAt" date, "email" varchar(320), "phone" varchar(64), "documentNumber" varchar(64), "dateOfBirth" date, CONSTRAINT "UQ_observers_mission_accreditation" UNIQUE ("missionId", "accreditationNumber"), CONSTRAINT "FK_69cee851c79a55f213ffa12774c" FOREIGN KEY ("missionId") REFERENCES "missions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_f819eef8656aac967ac0b6d8bdd" FOREIGN KEY ("teamId") REFERENCES "teams" ("id") ON DELETE SET NULL ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_observers"("id", "createdAt", "updatedAt", "version", "missionId", "fullName", "role", "nationality", "gender", "languages", "secondingOrganization", "teamId", "accreditationStatus", "accreditationNumber", "accreditedAt", "email", "phone", "documentNumber", "dateOfBirth") SELECT "id", "createdAt", "updatedAt", "version", "missionId", "fullName", "role", "nationality", "gender", "languages", "secondingOrganization", "teamId", "accreditationStatus", "accreditationNumber", "accreditedAt", "email", "phone", "documentNumber", "dateOfBirth" FROM "observers"`,
    );
    await queryRunner.query(`DROP TABLE "observers"`);
    await queryRunner.query(`ALTER TABLE "temporary_observers" RENAME TO "observers"`);
    await queryRunner.query(`CREATE INDEX "IDX_observers_team" ON "observers" ("teamId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_observers_mission_nationality" ON "observers" ("missionId", "nationality") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_observers_mission_role" ON "observers" ("missionId", "role") `);
    await queryRunner.query(`DROP INDEX "IDX_event_answers_mission_question"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_event_answers" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "eventId" integer NOT NULL, "missionId" integer NOT NULL, "questionCode" varchar(64) NOT NULL, "questionText" varchar(1000), "value" varchar(2000), "negative" boolean NOT NULL DEFAULT (0), CONSTRAINT "UQ_event_answers_event_question" UNIQUE ("eventId", "questionCode"), CONSTRAINT "FK_e1a7907680f763c1deadf4c26d6" FOREIGN KEY ("eventId") REFERENCES "election_events" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_event_answers"("id", "eventId", "missionId", "questionCode", "questionText", "value", "negative") SELECT "id", "eventId", "missionId", "questionCode", "questionText", "value", "negative" FROM "event_answers"`,
    );
    await queryRunner.query(`DROP TABLE "event_answers"`);
    await queryRunner.query(`ALTER TABLE "temporary_event_answers" RENAME TO "event_answers"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_event_answers_mission_question" ON "event_answers" ("missionId", "questionCode") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_election_events_station"`);
    await queryRunner.query(`DROP INDEX "IDX_election_events_reported_by"`);
    await queryRunner.query(`DROP INDEX "IDX_election_events_mission_stage_station"`);
    await queryRunner.query(`DROP INDEX "IDX_election_events_mission_time"`);
    await queryRunner.query(`DROP INDEX "IDX_election_events_mission_type_time"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_election_events" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "type" varchar CHECK( "type" IN ('meeting','briefing','press_conference','statement','other','station_visit','incident') ) NOT NULL, "occurredAt" datetime NOT NULL, "title" varchar(300) NOT NULL, "description" varchar(10000), "pollingStationId" integer, "counterpart" varchar(300), "counterpartOrganization" varchar(300), "location" varchar(300), "stage" varchar CHECK( "stage" IN ('opening','voting','closing','counting','tabulation') ), "overallAssessment" varchar CHECK( "overallAssessment" IN ('very_good','good','bad','very_bad','not_applicable') ), "votersVoted" integer, "category" varchar CHECK( "category" IN ('intimidation','vote_buying','ballot_stuffing','multiple_voting','secrecy_violation','unauthorized_persons','procedural','violence','access_denied','other') ), "severity" varchar CHECK( "severity" IN ('low','medium','high','critical') ), "status" varchar CHECK( "status" IN ('reported','verified','dismissed','escalated') ), "statusChangedByUserId" integer, "statusChangedAt" datetime, "reportedByUserId" integer, CONSTRAINT "FK_845d2c603e2804aac5e0928d597" FOREIGN KEY ("missionId") REFERENCES "missions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_86eca76b3709d5bda274eb49073" FOREIGN KEY ("pollingStationId") REFERENCES "polling_stations" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_election_events"("id", "createdAt", "updatedAt", "version", "missionId", "type", "occurredAt", "title", "description", "pollingStationId", "counterpart", "counterpartOrganization", "location", "stage", "overallAssessment", "votersVoted", "category", "severity", "status", "statusChangedByUserId", "statusChangedAt", "reportedByUserId") SELECT "id", "createdAt", "updatedAt", "version", "missionId", "type", "occurredAt", "title", "description", "pollingStationId", "counterpart", "counterpartOrganization", "location", "stage", "overallAssessment", "votersVoted", "category", "severity", "status", "statusChangedByUserId", "statusChangedAt", "reportedByUserId" FROM "election_events"`,
    );
    await queryRunner.query(`DROP TABLE "election_events"`);
    await queryRunner.query(`ALTER TABLE "temporary_election_events" RENAME TO "election_events"`);
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
      `CREATE TABLE "temporary_incident_status_changes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "eventId" integer NOT NULL, "fromStatus" varchar CHECK( "fromStatus" IN ('reported','verified','dismissed','escalated') ), "toStatus" varchar CHECK( "toStatus" IN ('reported','verified','dismissed','escalated') ) NOT NULL, "changedByUserId" integer, "changedAt" datetime NOT NULL DEFAULT (datetime('now')), "note" varchar(2000), CONSTRAINT "FK_bed642091abd8bcd7708ada6371" FOREIGN KEY ("eventId") REFERENCES "election_events" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_incident_status_changes"("id", "eventId", "fromStatus", "toStatus", "changedByUserId", "changedAt", "note") SELECT "id", "eventId", "fromStatus", "toStatus", "changedByUserId", "changedAt", "note" FROM "incident_status_changes"`,
    );
    await queryRunner.query(`DROP TABLE "incident_status_changes"`);
    await queryRunner.query(`ALTER TABLE "temporary_incident_status_changes" RENAME TO "incident_status_changes"`);
    await queryRunner.query(`DROP INDEX "IDX_deployments_mission_station"`);
    await queryRunner.query(`DROP INDEX "IDX_deployments_mission_observer_window"`);
    await queryRunner.query(`DROP INDEX "IDX_deployments_mission_team_window"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_deployments" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "teamId" integer, "observerId" integer, "pollingStationId" integer NOT NULL, "stages" text NOT NULL, "startsAt" datetime NOT NULL, "endsAt" datetime NOT NULL, "status" varchar CHECK( "status" IN ('planned','done','cancelled') ) NOT NULL DEFAULT ('planned'), CONSTRAINT "FK_b47560cef9546cfd1fb162c12a9" FOREIGN KEY ("missionId") REFERENCES "missions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_4ca10e2bd9294042361ad332de8" FOREIGN KEY ("teamId") REFERENCES "teams" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_737a733939544a2ae3f4fe4619f" FOREIGN KEY ("observerId") REFERENCES "observers" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_4b45c0bd0218174e30b67921ab2" FOREIGN KEY ("pollingStationId") REFERENCES "polling_stations" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_deployments"("id", "createdAt", "updatedAt", "version", "missionId", "teamId", "observerId", "pollingStationId", "stages", "startsAt", "endsAt", "status") SELECT "id", "createdAt", "updatedAt", "version", "missionId", "teamId", "observerId", "pollingStationId", "stages", "startsAt", "endsAt", "status" FROM "deployments"`,
    );
    await queryRunner.query(`DROP TABLE "deployments"`);
    await queryRunner.query(`ALTER TABLE "temporary_deployments" RENAME TO "deployments"`);
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
      `CREATE TABLE "temporary_checklist_templates" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "stage" varchar CHECK( "stage" IN ('opening','voting','closing','counting','tabulation') ) NOT NULL, "questions" text NOT NULL, CONSTRAINT "UQ_checklist_templates_mission_stage" UNIQUE ("missionId", "stage"), CONSTRAINT "FK_678da5501a3f5e10058d128860b" FOREIGN KEY ("missionId") REFERENCES "missions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_checklist_templates"("id", "createdAt", "updatedAt", "version", "missionId", "stage", "questions") SELECT "id", "createdAt", "updatedAt", "version", "missionId", "stage", "questions" FROM "checklist_templates"`,
    );
    await queryRunner.query(`DROP TABLE "checklist_templates"`);
    await queryRunner.query(`ALTER TABLE "temporary_checklist_templates" RENAME TO "checklist_templates"`);
    await queryRunner.query(`DROP INDEX "UQ_users_token_hash"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "name" varchar(200) NOT NULL, "role" varchar CHECK( "role" IN ('admin','coordinator','analyst','observer') ) NOT NULL, "observerId" integer, "tokenHash" varchar(64), "tokenIssuedAt" datetime, "active" boolean NOT NULL DEFAULT (1), CONSTRAINT "FK_fa4650f66dfa6677fb7264d03e6" FOREIGN KEY ("observerId") REFERENCES "observers" ("id") ON DELETE SET NULL ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_users"("id", "createdAt", "updatedAt", "version", "name", "role", "observerId", "tokenHash", "tokenIssuedAt", "active") SELECT "id", "createdAt", "updatedAt", "version", "name", "role", "observerId", "tokenHash", "tokenIssuedAt", "active" FROM "users"`,
    );
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`ALTER TABLE "temporary_users" RENAME TO "users"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_token_hash" ON "users" ("tokenHash") `);
    await queryRunner.query(`DROP INDEX "IDX_3c0b049fddef59816cd0ee4f91"`);
    await queryRunner.query(`DROP INDEX "IDX_2fc0514a8d048ddb6a1d640946"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_event_observers" ("eventId" integer NOT NULL, "observerId" integer NOT NULL, CONSTRAINT "FK_3c0b049fddef59816cd0ee4f915" FOREIGN KEY ("eventId") REFERENCES "election_events" ("id") ON DELETE CASCADE ON UPDATE CASCADE, CONSTRAINT "FK_2fc0514a8d048ddb6a1d640946d" FOREIGN KEY ("observerId") REFERENCES "observers" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("eventId", "observerId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_event_observers"("eventId", "observerId") SELECT "eventId", "observerId" FROM "event_observers"`,
    );
    await queryRunner.query(`DROP TABLE "event_observers"`);
    await queryRunner.query(`ALTER TABLE "temporary_event_observers" RENAME TO "event_observers"`);
    await queryRunner.query(`CREATE INDEX "IDX_3c0b049fddef59816cd0ee4f91" ON "event_observers" ("eventId") `);
    await queryRunner.query(`CREATE INDEX "IDX_2fc0514a8d048ddb6a1d640946" ON "event_observers" ("observerId") `);
    await queryRunner.query(`DROP INDEX "IDX_cedb05f0e3f7fc3c5cad9ceca0"`);
    await queryRunner.query(`DROP INDEX "IDX_d91466f651650ed5ca0423027c"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_user_missions" ("userId" integer NOT NULL, "missionId" integer NOT NULL, CONSTRAINT "FK_cedb05f0e3f7fc3c5cad9ceca00" FOREIGN KEY ("userId") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE, CONSTRAINT "FK_d91466f651650ed5ca0423027cb" FOREIGN KEY ("missionId") REFERENCES "missions" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("userId", "missionId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_user_missions"("userId", "missionId") SELECT "userId", "missionId" FROM "user_missions"`,
    );
    await queryRunner.query(`DROP TABLE "user_missions"`);
    await queryRunner.query(`ALTER TABLE "temporary_user_missions" RENAME TO "user_missions"`);
    await queryRunner.query(`CREATE INDEX "IDX_cedb05f0e3f7fc3c5cad9ceca0" ON "user_missions" ("userId") `);
    await queryRunner.query(`CREATE INDEX "IDX_d91466f651650ed5ca0423027c" ON "user_missions" ("missionId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_d91466f651650ed5ca0423027c"`);
    await queryRunner.query(`DROP INDEX "IDX_cedb05f0e3f7fc3c5cad9ceca0"`);
    await queryRunner.query(`ALTER TABLE "user_missions" RENAME TO "temporary_user_missions"`);
    await queryRunner.query(
      `CREATE TABLE "user_missions" ("userId" integer NOT NULL, "missionId" integer NOT NULL, PRIMARY KEY ("userId", "missionId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "user_missions"("userId", "missionId") SELECT "userId", "missionId" FROM "temporary_user_missions"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_user_missions"`);
    await queryRunner.query(`CREATE INDEX "IDX_d91466f651650ed5ca0423027c" ON "user_missions" ("missionId") `);
    await queryRunner.query(`CREATE INDEX "IDX_cedb05f0e3f7fc3c5cad9ceca0" ON "user_missions" ("userId") `);
    await queryRunner.query(`DROP INDEX "IDX_2fc0514a8d048ddb6a1d640946"`);
    await queryRunner.query(`DROP INDEX "IDX_3c0b049fddef59816cd0ee4f91"`);
    await queryRunner.query(`ALTER TABLE "event_observers" RENAME TO "temporary_event_observers"`);
    await queryRunner.query(
      `CREATE TABLE "event_observers" ("eventId" integer NOT NULL, "observerId" integer NOT NULL, PRIMARY KEY ("eventId", "observerId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "event_observers"("eventId", "observerId") SELECT "eventId", "observerId" FROM "temporary_event_observers"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_event_observers"`);
    await queryRunner.query(`CREATE INDEX "IDX_2fc0514a8d048ddb6a1d640946" ON "event_observers" ("observerId") `);
    await queryRunner.query(`CREATE INDEX "IDX_3c0b049fddef59816cd0ee4f91" ON "event_observers" ("eventId") `);
    await queryRunner.query(`DROP INDEX "UQ_users_token_hash"`);
    await queryRunner.query(`ALTER TABLE "users" RENAME TO "temporary_users"`);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "name" varchar(200) NOT NULL, "role" varchar CHECK( "role" IN ('admin','coordinator','analyst','observer') ) NOT NULL, "observerId" integer, "tokenHash" varchar(64), "tokenIssuedAt" datetime, "active" boolean NOT NULL DEFAULT (1))`,
    );
    await queryRunner.query(
      `INSERT INTO "users"("id", "createdAt", "updatedAt", "version", "name", "role", "observerId", "tokenHash", "tokenIssuedAt", "active") SELECT "id", "createdAt", "updatedAt", "version", "name", "role", "observerId", "tokenHash", "tokenIssuedAt", "active" FROM "temporary_users"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_users"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_token_hash" ON "users" ("tokenHash") `);
    await queryRunner.query(`ALTER TABLE "checklist_templates" RENAME TO "temporary_checklist_templates"`);
    await queryRunner.query(
      `CREATE TABLE "checklist_templates" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "stage" varchar CHECK( "stage" IN ('opening','voting','closing','counting','tabulation') ) NOT NULL, "questions" text NOT NULL, CONSTRAINT "UQ_checklist_templates_mission_stage" UNIQUE ("missionId", "stage"))`,
    );
    await queryRunner.query(
      `INSERT INTO "checklist_templates"("id", "createdAt", "updatedAt", "version", "missionId", "stage", "questions") SELECT "id", "createdAt", "updatedAt", "version", "missionId", "stage", "questions" FROM "temporary_checklist_templates"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_checklist_templates"`);
    await queryRunner.query(`DROP INDEX "IDX_deployments_mission_team_window"`);
    await queryRunner.query(`DROP INDEX "IDX_deployments_mission_observer_window"`);
    await queryRunner.query(`DROP INDEX "IDX_deployments_mission_station"`);
    await queryRunner.query(`ALTER TABLE "deployments" RENAME TO "temporary_deployments"`);
    await queryRunner.query(
      `CREATE TABLE "deployments" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "teamId" integer, "observerId" integer, "pollingStationId" integer NOT NULL, "stages" text NOT NULL, "startsAt" datetime NOT NULL, "endsAt" datetime NOT NULL, "status" varchar CHECK( "status" IN ('planned','done','cancelled') ) NOT NULL DEFAULT ('planned'))`,
    );
    await queryRunner.query(
      `INSERT INTO "deployments"("id", "createdAt", "updatedAt", "version", "missionId", "teamId", "observerId", "pollingStationId", "stages", "startsAt", "endsAt", "status") SELECT "id", "createdAt", "updatedAt", "version", "missionId", "teamId", "observerId", "pollingStationId", "stages", "startsAt", "endsAt", "status" FROM "temporary_deployments"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_deployments"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_deployments_mission_team_window" ON "deployments" ("missionId", "teamId", "startsAt", "endsAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_deployments_mission_observer_window" ON "deployments" ("missionId", "observerId", "startsAt", "endsAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_deployments_mission_station" ON "deployments" ("missionId", "pollingStationId") `,
    );
    await queryRunner.query(`ALTER TABLE "incident_status_changes" RENAME TO "temporary_incident_status_changes"`);
    await queryRunner.query(
      `CREATE TABLE "incident_status_changes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "eventId" integer NOT NULL, "fromStatus" varchar CHECK( "fromStatus" IN ('reported','verified','dismissed','escalated') ), "toStatus" varchar CHECK( "toStatus" IN ('reported','verified','dismissed','escalated') ) NOT NULL, "changedByUserId" integer, "changedAt" datetime NOT NULL DEFAULT (datetime('now')), "note" varchar(2000))`,
    );
    await queryRunner.query(
      `INSERT INTO "incident_status_changes"("id", "eventId", "fromStatus", "toStatus", "changedByUserId", "changedAt", "note") SELECT "id", "eventId", "fromStatus", "toStatus", "changedByUserId", "changedAt", "note" FROM "temporary_incident_status_changes"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_incident_status_changes"`);
    await queryRunner.query(`DROP INDEX "IDX_election_events_mission_type_time"`);
    await queryRunner.query(`DROP INDEX "IDX_election_events_mission_time"`);
    await queryRunner.query(`DROP INDEX "IDX_election_events_mission_stage_station"`);
    await queryRunner.query(`DROP INDEX "IDX_election_events_reported_by"`);
    await queryRunner.query(`DROP INDEX "IDX_election_events_station"`);
    await queryRunner.query(`ALTER TABLE "election_events" RENAME TO "temporary_election_events"`);
    await queryRunner.query(
      `CREATE TABLE "election_events" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "type" varchar CHECK( "type" IN ('meeting','briefing','press_conference','statement','other','station_visit','incident') ) NOT NULL, "occurredAt" datetime NOT NULL, "title" varchar(300) NOT NULL, "description" varchar(10000), "pollingStationId" integer, "counterpart" varchar(300), "counterpartOrganization" varchar(300), "location" varchar(300), "stage" varchar CHECK( "stage" IN ('opening','voting','closing','counting','tabulation') ), "overallAssessment" varchar CHECK( "overallAssessment" IN ('very_good','good','bad','very_bad','not_applicable') ), "votersVoted" integer, "category" varchar CHECK( "category" IN ('intimidation','vote_buying','ballot_stuffing','multiple_voting','secrecy_violation','unauthorized_persons','procedural','violence','access_denied','other') ), "severity" varchar CHECK( "severity" IN ('low','medium','high','critical') ), "status" varchar CHECK( "status" IN ('reported','verified','dismissed','escalated') ), "statusChangedByUserId" integer, "statusChangedAt" datetime, "reportedByUserId" integer)`,
    );
    await queryRunner.query(
      `INSERT INTO "election_events"("id", "createdAt", "updatedAt", "version", "missionId", "type", "occurredAt", "title", "description", "pollingStationId", "counterpart", "counterpartOrganization", "location", "stage", "overallAssessment", "votersVoted", "category", "severity", "status", "statusChangedByUserId", "statusChangedAt", "reportedByUserId") SELECT "id", "createdAt", "updatedAt", "version", "missionId", "type", "occurredAt", "title", "description", "pollingStationId", "counterpart", "counterpartOrganization", "location", "stage", "overallAssessment", "votersVoted", "category", "severity", "status", "statusChangedByUserId", "statusChangedAt", "reportedByUserId" FROM "temporary_election_events"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_election_events"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_mission_type_time" ON "election_events" ("missionId", "type", "occurredAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_mission_time" ON "election_events" ("missionId", "occurredAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_mission_stage_station" ON "election_events" ("missionId", "stage", "pollingStationId") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_election_events_reported_by" ON "election_events" ("reportedByUserId") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_election_events_station" ON "election_events" ("pollingStationId") `);
    await queryRunner.query(`DROP INDEX "IDX_event_answers_mission_question"`);
    await queryRunner.query(`ALTER TABLE "event_answers" RENAME TO "temporary_event_answers"`);
    await queryRunner.query(
      `CREATE TABLE "event_answers" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "eventId" integer NOT NULL, "missionId" integer NOT NULL, "questionCode" varchar(64) NOT NULL, "questionText" varchar(1000), "value" varchar(2000), "negative" boolean NOT NULL DEFAULT (0), CONSTRAINT "UQ_event_answers_event_question" UNIQUE ("eventId", "questionCode"))`,
    );
    await queryRunner.query(
      `INSERT INTO "event_answers"("id", "eventId", "missionId", "questionCode", "questionText", "value", "negative") SELECT "id", "eventId", "missionId", "questionCode", "questionText", "value", "negative" FROM "temporary_event_answers"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_event_answers"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_event_answers_mission_question" ON "event_answers" ("missionId", "questionCode") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_observers_mission_role"`);
    await queryRunner.query(`DROP INDEX "IDX_observers_mission_nationality"`);
    await queryRunner.query(`DROP INDEX "IDX_observers_team"`);
    await queryRunner.query(`ALTER TABLE "observers" RENAME TO "temporary_observers"`);
    await queryRunner.query(
      `CREATE TABLE "observers" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "fullName" varchar(200) NOT NULL, "role" varchar CHECK( "role" IN ('head_of_mission','deputy_head','core_team','lto','sto','parliamentarian','interpreter','driver','staff') ) NOT NULL, "nationality" varchar(2) NOT NULL, "gender" varchar CHECK( "gender" IN ('female','male','other','undisclosed') ) NOT NULL DEFAULT ('undisclosed'), "languages" text NOT NULL DEFAULT ('[]'), "secondingOrganization" varchar(200), "teamId" integer, "accreditationStatus" varchar CHECK( "accreditationStatus" IN ('pending','accredited','rejected','revoked') ) NOT NULL DEFAULT ('pending'), "accreditationNumber" varchar(64), "accreditedAt" date, "email" varchar(320), "phone" varchar(64), "documentNumber" varchar(64), "dateOfBirth" date, CONSTRAINT "UQ_observers_mission_accreditation" UNIQUE ("missionId", "accreditationNumber"))`,
    );
    await queryRunner.query(
      `INSERT INTO "observers"("id", "createdAt", "updatedAt", "version", "missionId", "fullName", "role", "nationality", "gender", "languages", "secondingOrganization", "teamId", "accreditationStatus", "accreditationNumber", "accreditedAt", "email", "phone", "documentNumber", "dateOfBirth") SELECT "id", "createdAt", "updatedAt", "version", "missionId", "fullName", "role", "nationality", "gender", "languages", "secondingOrganization", "teamId", "accreditationStatus", "accreditationNumber", "accreditedAt", "email", "phone", "documentNumber", "dateOfBirth" FROM "temporary_observers"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_observers"`);
    await queryRunner.query(`CREATE INDEX "IDX_observers_mission_role" ON "observers" ("missionId", "role") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_observers_mission_nationality" ON "observers" ("missionId", "nationality") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_observers_team" ON "observers" ("teamId") `);
    await queryRunner.query(`DROP INDEX "IDX_polling_stations_mission_region"`);
    await queryRunner.query(`DROP INDEX "IDX_polling_stations_mission_type"`);
    await queryRunner.query(`ALTER TABLE "polling_stations" RENAME TO "temporary_polling_stations"`);
    await queryRunner.query(
      `CREATE TABLE "polling_stations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "constituencyCode" varchar(64) NOT NULL DEFAULT (''), "code" varchar(64) NOT NULL, "name" varchar(300) NOT NULL, "address" varchar(500), "region" varchar(200), "district" varchar(200), "latitude" double precision, "longitude" double precision, "registeredVoters" integer, "type" varchar CHECK( "type" IN ('regular','special','abroad','military','hospital','penitentiary') ) NOT NULL DEFAULT ('regular'), "tags" text NOT NULL DEFAULT ('[]'), CONSTRAINT "UQ_polling_stations_mission_constituency_code" UNIQUE ("missionId", "constituencyCode", "code"))`,
    );
    await queryRunner.query(
      `INSERT INTO "polling_stations"("id", "createdAt", "updatedAt", "version", "missionId", "constituencyCode", "code", "name", "address", "region", "district", "latitude", "longitude", "registeredVoters", "type", "tags") SELECT "id", "createdAt", "updatedAt", "version", "missionId", "constituencyCode", "code", "name", "address", "region", "district", "latitude", "longitude", "registeredVoters", "type", "tags" FROM "temporary_polling_stations"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_polling_stations"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_polling_stations_mission_region" ON "polling_stations" ("missionId", "region") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_polling_stations_mission_type" ON "polling_stations" ("missionId", "type") `,
    );
    await queryRunner.query(`ALTER TABLE "teams" RENAME TO "temporary_teams"`);
    await queryRunner.query(
      `CREATE TABLE "teams" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "version" integer NOT NULL DEFAULT (1), "missionId" integer NOT NULL, "code" varchar(64) NOT NULL, "area" varchar(200), CONSTRAINT "UQ_teams_mission_code" UNIQUE ("missionId", "code"))`,
    );
    await queryRunner.query(
      `INSERT INTO "teams"("id", "createdAt", "updatedAt", "version", "missionId", "code", "area") SELECT "id", "createdAt", "updatedAt", "version", "missionId", "code", "area" FROM "temporary_teams"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_teams"`);
    await queryRunner.query(`DROP INDEX "IDX_d91466f651650ed5ca0423027c"`);
    await queryRunner.query(`DROP INDEX "IDX_cedb05f0e3f7fc3c5cad9ceca0"`);
    await queryRunner.query(`DROP TABLE "user_missions"`);
    await queryRunner.query(`DROP INDEX "IDX_2fc0514a8d048ddb6a1d640946"`);
    await queryRunner.query(`DROP INDEX "IDX_3c0b049fddef59816cd0ee4f91"`);
    await queryRunner.query(`DROP TABLE "event_observers"`);
    await queryRunner.query(`DROP INDEX "IDX_audit_entries_mission_at"`);
    await queryRunner.query(`DROP INDEX "IDX_audit_entries_entity"`);
    await queryRunner.query(`DROP TABLE "audit_entries"`);
    await queryRunner.query(`DROP INDEX "UQ_users_token_hash"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "checklist_templates"`);
    await queryRunner.query(`DROP INDEX "IDX_idempotency_records_expires"`);
    await queryRunner.query(`DROP TABLE "idempotency_records"`);
    await queryRunner.query(`DROP INDEX "IDX_deployments_mission_team_window"`);
    await queryRunner.query(`DROP INDEX "IDX_deployments_mission_observer_window"`);
    await queryRunner.query(`DROP INDEX "IDX_deployments_mission_station"`);
    await queryRunner.query(`DROP TABLE "deployments"`);
    await queryRunner.query(`DROP TABLE "incident_status_changes"`);
    await queryRunner.query(`DROP INDEX "IDX_election_events_mission_type_time"`);
    await queryRunner.query(`DROP INDEX "IDX_election_events_mission_time"`);
    await queryRunner.query(`DROP INDEX "IDX_election_events_mission_stage_station"`);
    await queryRunner.query(`DROP INDEX "IDX_election_events_reported_by"`);
    await queryRunner.query(`DROP INDEX "IDX_election_events_station"`);
    await queryRunner.query(`DROP TABLE "election_events"`);
    await queryRunner.query(`DROP INDEX "IDX_event_answers_mission_question"`);
    await queryRunner.query(`DROP TABLE "event_answers"`);
    await queryRunner.query(`DROP INDEX "IDX_observers_mission_role"`);
    await queryRunner.query(`DROP INDEX "IDX_observers_mission_nationality"`);
    await queryRunner.query(`DROP INDEX "IDX_observers_team"`);
    await queryRunner.query(`DROP TABLE "observers"`);
    await queryRunner.query(`DROP INDEX "IDX_polling_stations_mission_region"`);
    await queryRunner.query(`DROP INDEX "IDX_polling_stations_mission_type"`);
    await queryRunner.query(`DROP TABLE "polling_stations"`);
    await queryRunner.query(`DROP TABLE "teams"`);
    await queryRunner.query(`DROP INDEX "IDX_missions_status"`);
    await queryRunner.query(`DROP TABLE "missions"`);
  }
}
