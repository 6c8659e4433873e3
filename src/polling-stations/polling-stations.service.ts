import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { likePattern, Page, toPage } from '../common/pagination';
import { DatabaseWriter } from '../database/database-writer.service';
import { Deployment } from '../deployments/entities/deployment.entity';
import { ElectionEvent } from '../election-events/entities/election-event.entity';
import { assertVersion, MissionsService } from '../missions/missions.service';
import { CreatePollingStationDto, PollingStationQueryDto, UpdatePollingStationDto } from './dto/polling-station.dto';
import { PollingStation } from './entities/polling-station.entity';
import { Caller } from '../common/request-context';

/** Tags as stored: trimmed, without repeats, in the order given. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))];
}

/** How a station is named in messages: its code alone when it has no constituency. */
export function describeStationKey(constituencyCode: string, code: string): string {
  return constituencyCode ? `constituency "${constituencyCode}", code "${code}"` : `code "${code}"`;
}

@Injectable()
export class PollingStationsService {
  constructor(
    @InjectRepository(PollingStation) private readonly stations: Repository<PollingStation>,
    private readonly missions: MissionsService,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
  ) {}

  async list(missionId: number, query: PollingStationQueryDto): Promise<Page<PollingStation>> {
    await this.missions.get(missionId);
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
      const q = likePattern(query.q);
      qb.andWhere(
        new Brackets((w) =>
          w
            .where("LOWER(s.name) LIKE :q ESCAPE '\\'", { q })
            .orWhere("LOWER(s.code) LIKE :q ESCAPE '\\'", { q })
            .orWhere("LOWER(s.address) LIKE :q ESCAPE '\\'", { q }),
        ),
      );
    }
    const [items, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return toPage(items, total, query);
  }

  /** The station `stationId` of mission `missionId`; 404 when it is missing or another mission's. */
  async getInMission(missionId: number, stationId: number, manager?: EntityManager): Promise<PollingStation> {
    const repo = manager ? manager.getRepository(PollingStation) : this.stations;
    const station = await repo.findOneBy({ id: stationId, missionId });
    if (!station) throw new NotFoundException(`Polling station ${stationId} not found in mission ${missionId}`);
    return station;
  }

  async get(missionId: number, stationId: number): Promise<PollingStation> {
    await this.missions.get(missionId);
    return this.getInMission(missionId, stationId);
  }

  create(caller: Caller, missionId: number, dto: CreatePollingStationDto): Promise<PollingStation> {
    return this.writer.transaction(async (em) => {
      await this.missions.getWritable(missionId, em);
      const constituencyCode = dto.constituencyCode ?? '';
      await this.assertKeyFree(em, missionId, constituencyCode, dto.code);
      const station = await em.save(
        em.create(PollingStation, {
          ...dto,
          missionId,
          constituencyCode,
          tags: normalizeTags(dto.tags ?? []),
        }),
      );
      await this.audit.record(em, {
        caller,
        action: 'create',
        entityType: 'polling_station',
        entityId: station.id,
        missionId,
        after: station,
      });
      return station;
    });
  }

  update(caller: Caller, missionId: number, stationId: number, dto: UpdatePollingStationDto): Promise<PollingStation> {
    const { version, ...changes } = dto;
    return this.writer.transaction(async (em) => {
      await this.missions.getWritable(missionId, em);
      const station = await this.getInMission(missionId, stationId, em);
      assertVersion(station, version, `Polling station ${stationId}`);
      const before = { ...station };
      Object.assign(station, changes);
      if (changes.tags) station.tags = normalizeTags(changes.tags);
      if (station.constituencyCode !== before.constituencyCode || station.code !== before.code) {
        await this.assertKeyFree(em, missionId, station.constituencyCode, station.code);
      }
      const saved = await em.save(station);
      await this.audit.record(em, {
        caller,
        action: 'update',
        entityType: 'polling_station',
        entityId: stationId,
        missionId,
        before,
        after: saved,
      });
      return saved;
    });
  }

  remove(caller: Caller, missionId: number, stationId: number): Promise<void> {
    return this.writer.transaction(async (em) => {
      await this.missions.getWritable(missionId, em);
      const station = await this.getInMission(missionId, stationId, em);
      // Counted here rather than through the events and deployments services: those modules
      // depend on this one, and a read-only reference check does not justify a cycle.
      const events = await em.count(ElectionEvent, { where: { pollingStationId: stationId } });
      const deployments = await em.count(Deployment, { where: { pollingStationId: stationId } });
      if (events > 0 || deployments > 0) {
        const uses = [
          events ? `${events} event${events === 1 ? '' : 's'}` : '',
          deployments ? `${deployments} deployment${deployments === 1 ? '' : 's'}` : '',
        ].filter(Boolean);
        throw new ConflictException(
          `Polling station ${stationId} is referenced by ${uses.join(' and ')}; delete or move them first`,
        );
      }
      await em.delete(PollingStation, { id: stationId, missionId });
      await this.audit.record(em, {
        caller,
        action: 'delete',
        entityType: 'polling_station',
        entityId: stationId,
        missionId,
        before: station,
      });
    });
  }

  private async assertKeyFree(em: EntityManager, missionId: number, constituencyCode: string, code: string) {
    const existing = await em.findOne(PollingStation, {
      where: { missionId, constituencyCode, code },
      select: { id: true },
    });
    if (existing) {
      throw new ConflictException(
        `A polling station with ${describeStationKey(constituencyCode, code)} already exists in mission ${missionId} (id ${existing.id})`,
      );
    }
  }
}
