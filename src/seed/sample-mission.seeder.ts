import { DatabaseWriter, WriteSet, lockTransaction } from '../database';
import { BadRequestException, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CsvError } from '../common/csv';
import { Caller, systemCaller } from '../common/request-context';
import { EventsImportService } from '../election-events/events-import.service';
import { Mission } from '../missions/entities/mission.entity';
import { PollingStationsImportService } from '../polling-stations/polling-stations-import.service';
import {
  Albania2017Files,
  ALBANIA_2017_MISSION,
  ALBANIA_STATION_COLUMNS,
  readAlbania2017,
} from './albania-2017.sample';
import { loadSampleMission } from './sample-mission.loader';
import { SampleMissionFile } from './sample-mission.schema';
import { SampleMissionStore } from './sample-mission.store';
import { ALBANIA_2017_DIR, defaultSamplePath } from './sample-files';

/** What the seed writes is audited as the system's, named 'seed'. */
const SEED = systemCaller('seed', 'seed');

/** Any number would do: it only has to be the same in every process that may seed. */
const SEED_LOCK = 70202024;

export interface SeedResult {
  missionId: number;
  name: string;
  observers: number;
  pollingStations: number;
  events: number;
}

/**
 * Loads the sample missions on the first start, so a new installation has something to look at:
 * the TURKPA mission of data/sample-mission.json (modelled on a real one, invented where it says
 * so) and the real Albanian data of 2017 (albania-2017.sample.ts). Runs only when SEED_SAMPLE is
 * true and the database holds no mission at all, so a second start, or a start on a database
 * someone already works in, adds nothing. Both missions are written in one transaction: a start
 * that fails halfway leaves an empty database, which the next start seeds again.
 */
@Injectable()
export class SampleMissionSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly config: ConfigService,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
    private readonly store: SampleMissionStore,
    private readonly stationsImport: PollingStationsImportService,
    private readonly eventsImport: EventsImportService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.get<boolean>('SEED_SAMPLE')) return;
    const started = Date.now();
    const results = await this.seed();
    for (const result of results ?? []) {
      this.logger.log(
        `Loaded the sample mission "${result.name}" (id ${result.missionId}): ${result.observers} observers, ` +
          `${result.pollingStations} polling stations, ${result.events} events`,
      );
    }
    if (results) this.logger.debug(`Sample missions loaded in ${Date.now() - started} ms`);
  }

  /**
   * Seeds from `path` (the TURKPA file) and `albaniaDir` when the database has no mission; answers
   * null when it did nothing.
   */
  async seed(path: string = defaultSamplePath(), albaniaDir: string = ALBANIA_2017_DIR): Promise<SeedResult[] | null> {
    // A used database is left alone without even reading the files.
    if (await this.store.hasMissions()) return null;
    // Validate before writing: a broken file stops the start, loudly.
    const sample = loadSampleMission(path);
    const albania = readAlbania2017(albaniaDir);
    return this.writer.transaction(async (em, writes) => {
      // Two processes starting together would otherwise both see an empty table.
      await lockTransaction(em, SEED_LOCK);
      if (await this.store.hasMissions(em)) return null;
      return [await this.insert(SEED, em, writes, sample), await this.insertAlbania(SEED, em, writes, albania)];
    });
  }

  /**
   * The Albanian mission, through the two CSV imports (inside this transaction), so its stations
   * and visits are checked and stored exactly as a user's files would be.
   */
  private async insertAlbania(
    caller: Caller,
    em: EntityManager,
    writes: WriteSet,
    files: Albania2017Files,
  ): Promise<SeedResult> {
    const mission = await this.store.insertMission(em, ALBANIA_2017_MISSION);
    const missionId = mission.id;
    this.auditMissionCreated(caller, writes, mission);
    const stations = await explainImportErrors(files.stationsPath, () =>
      this.stationsImport.importInTransaction(caller, em, writes, missionId, files.stationsCsv, {
        mapping: ALBANIA_STATION_COLUMNS,
      }),
    );
    const visits = await explainImportErrors(files.checklistsPath, () =>
      this.eventsImport.importInTransaction(caller, em, writes, missionId, files.visitsCsv, files.visitsQuery),
    );
    return { missionId, name: mission.name, observers: 0, pollingStations: stations.created, events: visits.created };
  }

  private async insert(
    caller: Caller,
    em: EntityManager,
    writes: WriteSet,
    sample: SampleMissionFile,
  ): Promise<SeedResult> {
    const { illustrative: _m, ...missionFields } = sample.mission;
    const mission = await this.store.insertMission(em, { ...missionFields, status: missionFields.status ?? 'planned' });
    const written = await this.store.insertRecords(em, mission.id, sample);
    this.auditMissionCreated(caller, writes, mission);
    return { missionId: mission.id, name: mission.name, ...written, events: sample.events.length };
  }

  /** A seeded mission is audited as created by the seed, like any other mission. */
  private auditMissionCreated(caller: Caller, writes: WriteSet, mission: Mission): void {
    this.audit.record(writes, {
      caller,
      action: 'create',
      entityType: 'mission',
      entityId: mission.id,
      missionId: mission.id,
      after: mission,
    });
  }
}

/** An import's 400 (every bad line of the file) as an error a failed start prints in full. */
async function explainImportErrors<T>(path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    const body = error.getResponse() as { message?: unknown; errors?: CsvError[] };
    const lines = (body.errors ?? []).map((e) => `  line ${e.line}${e.column ? `, ${e.column}` : ''}: ${e.message}`);
    throw new Error(`Sample mission data ${path} is invalid: ${String(body.message)}\n${lines.join('\n')}`, {
      cause: error,
    });
  }
}
