import { Injectable } from '@nestjs/common';
import { DataSource, DeepPartial, EntityManager } from 'typeorm';
import { ElectionEvent } from '../election-events/entities/election-event.entity';
import { Mission } from '../missions/entities/mission.entity';
import { Observer } from '../observers/entities/observer.entity';
import { PollingStationsStore } from '../polling-stations/polling-stations.store';
import { Team } from '../teams/entities/team.entity';
import { stationKey } from './sample-mission.loader';
import { SampleMissionFile } from './sample-mission.schema';

/**
 * The seed's reads and writes, inside the seeding transaction. Stations go through their
 * feature's store; missions, teams, observers and events are saved here as their entities.
 */
@Injectable()
export class SampleMissionStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly stations: PollingStationsStore,
  ) {}

  /** Pass the seeding transaction to count under its lock. */
  async hasMissions(em: EntityManager = this.dataSource.manager): Promise<boolean> {
    return (await em.count(Mission)) > 0;
  }

  insertMission(em: EntityManager, fields: DeepPartial<Mission>): Promise<Mission> {
    return em.save(em.create(Mission, fields));
  }

  /**
   * The file's teams, observers, stations and events in mission `missionId`, linked through the
   * file's own keys; returns how many observers and stations it wrote.
   */
  async insertRecords(em: EntityManager, missionId: number, sample: SampleMissionFile) {
    const teamIds = new Map<string, number>();
    for (const { illustrative: _t, ...team } of sample.teams) {
      teamIds.set(team.code, (await em.save(em.create(Team, { ...team, missionId }))).id);
    }
    const observerIds = new Map<string, number>();
    for (const { illustrative: _o, key, team, ...observer } of sample.observers) {
      const teamId = team ? teamIds.get(team)! : null;
      observerIds.set(key, (await em.save(em.create(Observer, { ...observer, missionId, teamId }))).id);
    }
    const stationIds = new Map<string, number>();
    for (const { illustrative: _s, ...station } of sample.pollingStations) {
      stationIds.set(stationKey(station), (await this.stations.insert(em, { ...station, missionId })).id);
    }
    for (const { illustrative: _e, observers, station, answers: _a, ...event } of sample.events) {
      const saved = await em.save(
        em.create(ElectionEvent, {
          ...event,
          missionId,
          occurredAt: new Date(event.occurredAt),
          pollingStationId: station ? stationIds.get(stationKey(station))! : null,
        }),
      );
      const ids = observers.map((key) => observerIds.get(key)!);
      if (ids.length) await em.createQueryBuilder().relation(ElectionEvent, 'observers').of(saved.id).add(ids);
    }
    return { observers: observerIds.size, pollingStations: stationIds.size };
  }
}
