import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { systemCaller } from '../common/request-context';

/** What the seed writes is audited as the system's, named 'seed'. */
const SEED = systemCaller('seed', 'seed');
import { DatabaseWriter } from '../database/database-writer.service';
import { ElectionEvent } from '../election-events/entities/election-event.entity';
import { Mission } from '../missions/entities/mission.entity';
import { Observer } from '../observers/entities/observer.entity';
import { PollingStation } from '../polling-stations/entities/polling-station.entity';
import { Team } from '../teams/entities/team.entity';
import { loadSampleMission } from './sample-mission.loader';
import { SampleMissionFile } from './sample-mission.schema';
import { Caller } from '../common/request-context';

/** Any number would do: it only has to be the same in every process that may seed. */
const SEED_LOCK = 70202024;

/** data/ sits at the project root, which is two levels above src/seed and three above dist/src/seed. */
export function defaultSamplePath(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'data', 'sample-mission.json');
}

export interface SeedResult {
  missionId: number;
  observers: number;
  pollingStations: number;
  events: number;
}

/**
 * Loads the sample mission on the first start, so a new installation has something to look at.
 * Runs only when SEED_SAMPLE is true and the database holds no mission at all, so a second start,
 * or a start on a database someone already works in, adds nothing.
 */
@Injectable()
export class SampleMissionSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly config: ConfigService,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.get<boolean>('SEED_SAMPLE')) return;
    const result = await this.seed(defaultSamplePath());
    if (result) {
      this.logger.log(
        `Loaded the sample mission (id ${result.missionId}): ${result.observers} observers, ` +
          `${result.pollingStations} polling stations, ${result.events} events`,
      );
    }
  }

  /** Seeds from `path` when the database has no mission; answers null when it did nothing. */
  async seed(path: string): Promise<SeedResult | null> {
    // A used database is left alone without even reading the file.
    if ((await this.dataSource.getRepository(Mission).count()) > 0) return null;
    // Validate before writing: a broken file stops the start, loudly.
    const sample = loadSampleMission(path);
    return this.writer.transaction(async (em) => {
      // Two processes starting together on PostgreSQL would both see an empty table.
      if (em.connection.options.type === 'postgres') await em.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
      if ((await em.count(Mission)) > 0) return null;
      return this.insert(SEED, em, sample);
    });
  }

  private async insert(caller: Caller, em: EntityManager, sample: SampleMissionFile): Promise<SeedResult> {
    const { illustrative: _m, ...missionFields } = sample.mission;
    const mission = await em.save(em.create(Mission, { ...missionFields, status: missionFields.status ?? 'planned' }));
    const missionId = mission.id;

    const teamIds = new Map<string, number>();
    for (const { illustrative: _t, ...team } of sample.teams) {
      teamIds.set(team.code, (await em.save(em.create(Team, { ...team, missionId }))).id);
    }

    const observerIds = new Map<string, number>();
    for (const { illustrative: _o, key, team, ...observer } of sample.observers) {
      const saved = await em.save(
        em.create(Observer, { ...observer, missionId, teamId: team ? teamIds.get(team)! : null }),
      );
      observerIds.set(key, saved.id);
    }

    const stationIds = new Map<string, number>();
    for (const { illustrative: _s, ...station } of sample.pollingStations) {
      const saved = await em.save(em.create(PollingStation, { ...station, missionId }));
      stationIds.set(`${station.constituencyCode}/${station.code}`, saved.id);
    }

    for (const { illustrative: _e, observers, station, answers: _a, ...event } of sample.events) {
      const saved = await em.save(
        em.create(ElectionEvent, {
          ...event,
          missionId,
          occurredAt: new Date(event.occurredAt),
          pollingStationId: station ? stationIds.get(`${station.constituencyCode}/${station.code}`)! : null,
        }),
      );
      const ids = observers.map((key) => observerIds.get(key)!);
      if (ids.length) await em.createQueryBuilder().relation(ElectionEvent, 'observers').of(saved.id).add(ids);
    }

    await this.audit.record(em, {
      caller,
      action: 'create',
      entityType: 'mission',
      entityId: missionId,
      missionId,
      after: mission,
    });
    return {
      missionId,
      observers: observerIds.size,
      pollingStations: stationIds.size,
      events: sample.events.length,
    };
  }
}
