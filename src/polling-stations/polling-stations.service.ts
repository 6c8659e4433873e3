import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Page } from '../common/pagination';
import { DatabaseWriter } from '../database';
import { assertVersion } from '../common/versions';
import { MissionsService } from '../missions/missions.service';
import { CreatePollingStationDto, PollingStationQueryDto, UpdatePollingStationDto } from './dto/polling-station.dto';
import { PollingStation } from './entities/polling-station.entity';
import { PollingStationsStore } from './polling-stations.store';
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
    private readonly store: PollingStationsStore,
    private readonly missions: MissionsService,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
  ) {}

  async list(missionId: number, query: PollingStationQueryDto): Promise<Page<PollingStation>> {
    await this.missions.get(missionId);
    return this.store.findPage(missionId, query);
  }

  /** The station `stationId` of mission `missionId`; 404 when it is missing or another mission's. */
  async getInMission(missionId: number, stationId: number, manager?: EntityManager): Promise<PollingStation> {
    const station = await this.store.findInMission(missionId, stationId, manager);
    if (!station) throw new NotFoundException(`Polling station ${stationId} not found in mission ${missionId}`);
    return station;
  }

  async get(missionId: number, stationId: number): Promise<PollingStation> {
    await this.missions.get(missionId);
    return this.getInMission(missionId, stationId);
  }

  create(caller: Caller, missionId: number, dto: CreatePollingStationDto): Promise<PollingStation> {
    return this.writer.transaction(async (em, writes) => {
      await this.missions.getWritable(missionId, em);
      const constituencyCode = dto.constituencyCode ?? '';
      await this.assertKeyFree(em, missionId, constituencyCode, dto.code);
      const tags = normalizeTags(dto.tags ?? []);
      const station = await this.store.insert(em, { ...dto, missionId, constituencyCode, tags });
      this.audit.record(writes, {
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
    return this.writer.transaction(async (em, writes) => {
      await this.missions.getWritable(missionId, em);
      const station = await this.getInMission(missionId, stationId, em);
      assertVersion(station, version, `Polling station ${stationId}`);
      const before = { ...station };
      Object.assign(station, changes);
      if (changes.tags) station.tags = normalizeTags(changes.tags);
      if (station.constituencyCode !== before.constituencyCode || station.code !== before.code) {
        await this.assertKeyFree(em, missionId, station.constituencyCode, station.code);
      }
      const saved = await this.store.update(em, station);
      this.audit.record(writes, {
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
    return this.writer.transaction(async (em, writes) => {
      await this.missions.getWritable(missionId, em);
      const station = await this.getInMission(missionId, stationId, em);
      const { events, deployments } = await this.store.countUses(em, stationId);
      if (events > 0 || deployments > 0) {
        const uses = [
          events ? `${events} event${events === 1 ? '' : 's'}` : '',
          deployments ? `${deployments} deployment${deployments === 1 ? '' : 's'}` : '',
        ].filter(Boolean);
        throw new ConflictException(
          `Polling station ${stationId} is referenced by ${uses.join(' and ')}; delete or move them first`,
        );
      }
      await this.store.delete(em, missionId, stationId);
      this.audit.record(writes, {
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
    const existing = await this.store.findIdByKey(em, missionId, constituencyCode, code);
    if (existing !== undefined) {
      throw new ConflictException(
        `A polling station with ${describeStationKey(constituencyCode, code)} already exists in mission ${missionId} (id ${existing})`,
      );
    }
  }
}
