import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DeepPartial, EntityManager, Repository } from 'typeorm';
import { TrackedEntity } from '../common/entities/tracked.entity';
import { Page, toPage } from '../common/pagination';
import { likePattern, writeBatches } from '../database';
import { Deployment } from '../deployments/entities/deployment.entity';
import { ElectionEvent } from '../election-events/entities/election-event.entity';
import { PollingStationQueryDto } from './dto/polling-station.dto';
import { PollingStation } from './entities/polling-station.entity';

/** One station's columns as an import writes them: all but its id, mission and tracking columns. */
export type StationValues = Omit<PollingStation, keyof TrackedEntity | 'mission' | 'missionId'>;

/** A station as an import reads it back: tags as the JSON text stored, compared as text. */
export type StoredStation = Omit<StationValues, 'tags'> & { id: number; tags: string };

const STATION_KEY = ['missionId', 'constituencyCode', 'code'];
/** The columns an import writes, in the order of writeImported's values. */
const IMPORT_COLUMNS = [
  ...STATION_KEY,
  'name',
  'address',
  'region',
  'district',
  'latitude',
  'longitude',
  'registeredVoters',
  'type',
  'tags',
];

@Injectable()
export class PollingStationsStore {
  constructor(@InjectRepository(PollingStation) private readonly stations: Repository<PollingStation>) {}

  /** A page of the mission's stations matching the filters, by constituency and code. */
  async findPage(missionId: number, query: PollingStationQueryDto): Promise<Page<PollingStation>> {
    const qb = this.stations
      .createQueryBuilder('s')
      .where('s.missionId = :missionId', { missionId })
      .orderBy('s.constituencyCode', 'ASC')
      .addOrderBy('s.code', 'ASC')
      .addOrderBy('s.id', 'ASC');
    if (query.region !== undefined) qb.andWhere('s.region = :region', { region: query.region });
    if (query.constituency !== undefined) {
      qb.andWhere('s.constituencyCode = :constituency', { constituency: query.constituency });
    }
    if (query.type) qb.andWhere('s.type = :type', { type: query.type });
    if (query.tag) {
      // tags is a JSON array in a text column: the quoted, JSON-escaped tag matches one whole
      // element, so "web" does not find "webcam".
      qb.andWhere("LOWER(s.tags) LIKE :tag ESCAPE '\\'", { tag: likePattern(JSON.stringify(query.tag.trim())) });
    }
    if (query.q) {
      const search =
        "LOWER(s.name) LIKE :q ESCAPE '\\' OR LOWER(s.code) LIKE :q ESCAPE '\\' OR LOWER(s.address) LIKE :q ESCAPE '\\'";
      qb.andWhere(`(${search})`, { q: likePattern(query.q) });
    }
    const [items, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return toPage(items, total, query);
  }

  findInMission(missionId: number, stationId: number, em = this.stations.manager): Promise<PollingStation | null> {
    return em.findOneBy(PollingStation, { id: stationId, missionId });
  }

  /** The id of the mission's station with this (constituency, code), if there is one. */
  async findIdByKey(em: EntityManager, missionId: number, constituencyCode: string, code: string) {
    const station = await em.findOne(PollingStation, {
      where: { missionId, constituencyCode, code },
      select: { id: true },
    });
    return station?.id;
  }

  insert(em: EntityManager, fields: DeepPartial<PollingStation>): Promise<PollingStation> {
    return em.save(em.create(PollingStation, fields));
  }

  update(em: EntityManager, station: PollingStation): Promise<PollingStation> {
    return em.save(station);
  }

  delete(em: EntityManager, missionId: number, stationId: number): Promise<unknown> {
    return em.delete(PollingStation, { id: stationId, missionId });
  }

  /**
   * How many events and deployments name the station. Counted here rather than through the events
   * and deployments services: those modules depend on this one, and a read-only reference check
   * does not justify a cycle.
   */
  async countUses(em: EntityManager, stationId: number): Promise<{ events: number; deployments: number }> {
    const where = { pollingStationId: stationId };
    return { events: await em.count(ElectionEvent, { where }), deployments: await em.count(Deployment, { where }) };
  }

  /** The mission's stations with `columns` (besides id, constituency and code), in one query. */
  findForImport(em: EntityManager, missionId: number, columns: (keyof StationValues)[]): Promise<StoredStation[]> {
    const qb = em.createQueryBuilder(PollingStation, 's').select('s.id', 'id');
    for (const c of ['constituencyCode', 'code', ...columns]) qb.addSelect(`s.${c}`, c);
    return qb.where('s.missionId = :missionId', { missionId }).getRawMany<StoredStation>();
  }

  /** Writes imported stations in large batches; with `upsert`, each replaces the station with its key. */
  writeImported(
    em: EntityManager,
    missionId: number,
    rows: readonly StationValues[],
    upsert: boolean,
    onBatch: (written: number) => void,
  ): Promise<void> {
    return writeBatches(em, PollingStation, rows, {
      columns: IMPORT_COLUMNS,
      upsertKey: upsert ? STATION_KEY : undefined,
      values: (r) => [
        missionId,
        r.constituencyCode,
        r.code,
        r.name,
        r.address,
        r.region,
        r.district,
        r.latitude,
        r.longitude,
        r.registeredVoters,
        r.type,
        JSON.stringify(r.tags),
      ],
      onBatch,
    });
  }
}
