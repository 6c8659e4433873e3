import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DeepPartial, EntityManager, In, Repository } from 'typeorm';
import { Page, toPage } from '../common/pagination';
import { whereAnyContains } from '../database';
import { MissionQueryDto } from './dto/mission.dto';
import { Mission } from './entities/mission.entity';

/** Where missions are read and written. */
@Injectable()
export class MissionsStore {
  constructor(@InjectRepository(Mission) private readonly missions: Repository<Mission>) {}

  /** Latest election first; `onlyIds` narrows the page to those missions. */
  async findPage(query: MissionQueryDto, onlyIds?: number[]): Promise<Page<Mission>> {
    const qb = this.missions.createQueryBuilder('m').orderBy('m.electionDate', 'DESC').addOrderBy('m.id', 'DESC');
    if (onlyIds) qb.andWhere(onlyIds.length ? 'm.id IN (:...onlyIds)' : '1 = 0', { onlyIds });
    if (query.status) qb.andWhere('m.status = :status', { status: query.status });
    if (query.hostCountry) qb.andWhere('m.hostCountry = :hostCountry', { hostCountry: query.hostCountry });
    if (query.q) whereAnyContains(qb, ['m.name', 'm.organization', 'm.electionName'], query.q);
    const [items, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return toPage(items, total, query);
  }

  findMission(id: number, manager = this.missions.manager): Promise<Mission | null> {
    return manager.findOneBy(Mission, { id });
  }

  /** Those of `ids` that are missions. */
  async existingIds(em: EntityManager, ids: number[]): Promise<number[]> {
    const found = await em.find(Mission, { select: { id: true }, where: { id: In(ids) } });
    return found.map((m) => m.id);
  }

  saveMission(em: EntityManager, mission: DeepPartial<Mission>): Promise<Mission> {
    return em.save(em.create(Mission, mission));
  }

  async deleteMission(em: EntityManager, id: number): Promise<void> {
    await em.delete(Mission, { id });
  }
}
