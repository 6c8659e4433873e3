import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DeepPartial, EntityManager, In, Not, Repository } from 'typeorm';
import { Page, toPage } from '../common/pagination';
import { chunks, whereAnyContains } from '../database';
import { ObserverQueryDto } from './dto/observer.dto';
import { Team } from '../teams/entities/team.entity';
import { Observer } from './entities/observer.entity';

/** Where observer records are read and written, team membership included (Observer.teamId). */
@Injectable()
export class ObserversStore {
  constructor(@InjectRepository(Observer) private readonly observers: Repository<Observer>) {}

  async findPage(missionId: number, query: ObserverQueryDto): Promise<Page<Observer>> {
    const qb = this.observers
      .createQueryBuilder('o')
      .where('o.missionId = :missionId', { missionId })
      .orderBy('o.fullName', 'ASC')
      .addOrderBy('o.id', 'ASC');
    if (query.role) qb.andWhere('o.role = :role', { role: query.role });
    if (query.nationality) qb.andWhere('o.nationality = :nationality', { nationality: query.nationality });
    if (query.accreditationStatus)
      qb.andWhere('o.accreditationStatus = :status', { status: query.accreditationStatus });
    if (query.teamId !== undefined) qb.andWhere('o.teamId = :teamId', { teamId: query.teamId });
    if (query.q) whereAnyContains(qb, ['o.fullName', 'o.accreditationNumber', 'o.secondingOrganization'], query.q);
    const [items, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return toPage(items, total, query);
  }

  /** The observer by id (within a mission, when given), or the mission's holder of an accreditation number. */
  /** Team ids by code, for those of `codes` the mission's teams hold. */
  async teamIdsByCode(em: EntityManager, missionId: number, codes: string[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (const batch of chunks(codes)) {
      for (const team of await em.findBy(Team, { missionId, code: In(batch) })) ids.set(team.code, team.id);
    }
    return ids;
  }

  /** Whether team `teamId` is one of the mission's. */
  async teamInMission(em: EntityManager, missionId: number, teamId: number): Promise<boolean> {
    return (await em.countBy(Team, { id: teamId, missionId })) > 0;
  }

  findObserver(
    where: { id: number; missionId?: number } | { missionId: number; accreditationNumber: string },
    manager = this.observers.manager,
  ): Promise<Observer | null> {
    return manager.findOneBy(Observer, where);
  }

  /** The team observer `observerId` is in now (null: none, or no such observer). */
  async teamIdOf(observerId: number | null): Promise<number | null> {
    return observerId === null ? null : ((await this.findObserver({ id: observerId }))?.teamId ?? null);
  }

  /** The mission's observers among `ids`. */
  findManyInMission(em: EntityManager, missionId: number, ids: number[]): Promise<Observer[]> {
    return ids.length ? em.findBy(Observer, { missionId, id: In(ids) }) : Promise.resolve([]);
  }

  /** The members of team `teamId`, but for `exceptIds`. */
  findTeamMembers(em: EntityManager, missionId: number, teamId: number, exceptIds: number[] = []): Promise<Observer[]> {
    return em.findBy(Observer, { missionId, teamId, ...(exceptIds.length ? { id: Not(In(exceptIds)) } : {}) });
  }

  /** Ids of the members of each team, for teams' responses (one query for a whole page). */
  async memberIdsByTeam(teamIds: number[], manager = this.observers.manager): Promise<Map<number, number[]>> {
    const result = new Map<number, number[]>(teamIds.map((id) => [id, []]));
    if (!teamIds.length) return result;
    const rows = await manager
      .createQueryBuilder(Observer, 'o')
      .select(['o.id AS "id"', 'o.teamId AS "teamId"'])
      .where('o.teamId IN (:...teamIds)', { teamIds })
      .orderBy('o.id', 'ASC')
      .getRawMany<{ id: number; teamId: number }>();
    for (const row of rows) result.get(Number(row.teamId))?.push(Number(row.id));
    return result;
  }

  /** Observer ids by accreditation number, for those of `numbers` the mission's observers hold. */
  async idsByAccreditation(em: EntityManager, missionId: number, numbers: string[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (const batch of chunks(numbers)) {
      const found = await em.find(Observer, {
        select: { id: true, accreditationNumber: true },
        where: { missionId, accreditationNumber: In(batch) },
      });
      for (const o of found) ids.set(o.accreditationNumber!, o.id);
    }
    return ids;
  }

  saveObserver(em: EntityManager, observer: DeepPartial<Observer>): Promise<Observer> {
    return em.save(em.create(Observer, observer));
  }

  async deleteObserver(em: EntityManager, missionId: number, observerId: number): Promise<void> {
    await em.delete(Observer, { id: observerId, missionId });
  }

  /** Many new observers in few statements, their ids not read back (that saves a query per row). */
  async insertObservers(em: EntityManager, observers: DeepPartial<Observer>[]): Promise<void> {
    for (const batch of chunks(observers)) {
      await em.createQueryBuilder().insert().into(Observer).values(batch).updateEntity(false).execute();
    }
  }

  /** The same changes to the mission's observers `ids` (an UPDATE bumps version and updatedAt, as a save does). */
  async updateObservers(em: EntityManager, missionId: number, ids: number[], changes: Partial<Observer>) {
    for (const batch of chunks(ids)) {
      await em.update(Observer, { missionId, id: In(batch) }, changes);
    }
  }
}
