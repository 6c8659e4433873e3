import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, Not, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { likePattern, Page, toPage } from '../common/pagination';
import { badRequestFromFieldErrors } from '../common/validation';
import { TokenCache } from '../auth/token-cache';
import { UsersService } from '../auth/users.service';
import { DatabaseWriter } from '../database/database-writer.service';
import { assertVersion, MissionsService } from '../missions/missions.service';
import { Team } from '../teams/entities/team.entity';
import { CreateObserverDto, ObserverQueryDto, UpdateObserverDto } from './dto/observer.dto';
import { Observer } from './entities/observer.entity';
import { assertCodeOfConduct } from './observer.rules';
import { Caller } from '../common/request-context';

@Injectable()
export class ObserversService {
  constructor(
    @InjectRepository(Observer) private readonly observers: Repository<Observer>,
    private readonly missions: MissionsService,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly tokens: TokenCache,
  ) {}

  async list(missionId: number, query: ObserverQueryDto): Promise<Page<Observer>> {
    await this.missions.get(missionId);
    const qb = this.observers
      .createQueryBuilder('o')
      .where('o.missionId = :missionId', { missionId })
      .orderBy('o.fullName', 'ASC')
      .addOrderBy('o.id', 'ASC');
    if (query.role) qb.andWhere('o.role = :role', { role: query.role });
    if (query.nationality) qb.andWhere('o.nationality = :nationality', { nationality: query.nationality });
    if (query.accreditationStatus) {
      qb.andWhere('o.accreditationStatus = :status', { status: query.accreditationStatus });
    }
    if (query.teamId !== undefined) qb.andWhere('o.teamId = :teamId', { teamId: query.teamId });
    if (query.q) {
      const q = likePattern(query.q);
      qb.andWhere(
        new Brackets((w) =>
          w
            .where("LOWER(o.fullName) LIKE :q ESCAPE '\\'", { q })
            .orWhere("LOWER(o.accreditationNumber) LIKE :q ESCAPE '\\'", { q })
            .orWhere("LOWER(o.secondingOrganization) LIKE :q ESCAPE '\\'", { q }),
        ),
      );
    }
    const [items, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return toPage(items, total, query);
  }

  /** The observer `observerId` of mission `missionId`; 404 when it is missing or another mission's. */
  async getInMission(missionId: number, observerId: number, manager?: EntityManager): Promise<Observer> {
    const repo = manager ? manager.getRepository(Observer) : this.observers;
    const observer = await repo.findOneBy({ id: observerId, missionId });
    if (!observer) throw new NotFoundException(`Observer ${observerId} not found in mission ${missionId}`);
    return observer;
  }

  async get(missionId: number, observerId: number): Promise<Observer> {
    await this.missions.get(missionId);
    return this.getInMission(missionId, observerId);
  }

  create(caller: Caller, missionId: number, dto: CreateObserverDto): Promise<Observer> {
    return this.writer.transaction(async (em) => {
      const mission = await this.missions.getWritable(missionId, em);
      if (dto.teamId != null) await this.assertTeamInMission(em, missionId, dto.teamId);
      assertCodeOfConduct(dto.nationality, mission.hostCountry);
      if (dto.accreditationNumber != null) {
        await this.assertAccreditationNumberFree(em, missionId, dto.accreditationNumber);
      }
      const observer = await em.save(em.create(Observer, { ...dto, missionId }));
      await this.audit.record(em, {
        caller,
        action: 'create',
        entityType: 'observer',
        entityId: observer.id,
        missionId,
        after: observer,
      });
      return observer;
    });
  }

  update(caller: Caller, missionId: number, observerId: number, dto: UpdateObserverDto): Promise<Observer> {
    const { version, ...changes } = dto;
    return this.writer.transaction(async (em) => {
      const mission = await this.missions.getWritable(missionId, em);
      const observer = await this.getInMission(missionId, observerId, em);
      assertVersion(observer, version, `Observer ${observerId}`);
      if (changes.teamId != null) await this.assertTeamInMission(em, missionId, changes.teamId);
      // Checked only when nationality changes: a later change of the mission's host country
      // must not block unrelated edits (the summary's data-quality section reports those).
      if (changes.nationality !== undefined) assertCodeOfConduct(changes.nationality, mission.hostCountry);
      if (changes.accreditationNumber != null && changes.accreditationNumber !== observer.accreditationNumber) {
        await this.assertAccreditationNumberFree(em, missionId, changes.accreditationNumber, observerId);
      }
      const before = { ...observer };
      Object.assign(observer, changes);
      const saved = await em.save(observer);
      await this.audit.record(em, {
        caller,
        action: 'update',
        entityType: 'observer',
        entityId: observerId,
        missionId,
        before,
        after: saved,
      });
      return saved;
    });
  }

  /** Deleting the record ends its observer user's access to the mission (releaseObserver). */
  remove(caller: Caller, missionId: number, observerId: number): Promise<void> {
    return this.tokens.changing(() =>
      this.writer.transaction(async (em) => {
        await this.missions.getWritable(missionId, em);
        const observer = await this.getInMission(missionId, observerId, em);
        await this.users.releaseObserver(caller, em, observerId);
        await em.delete(Observer, { id: observerId, missionId });
        await this.audit.record(em, {
          caller,
          action: 'delete',
          entityType: 'observer',
          entityId: observerId,
          missionId,
          before: observer,
        });
      }),
    );
  }

  /** Ids of the members of each team, for teams' responses (one query for a whole page). */
  async memberIdsByTeam(teamIds: number[], manager?: EntityManager): Promise<Map<number, number[]>> {
    const result = new Map<number, number[]>(teamIds.map((id) => [id, []]));
    if (!teamIds.length) return result;
    const repo = manager ? manager.getRepository(Observer) : this.observers;
    const rows = await repo
      .createQueryBuilder('o')
      .select(['o.id AS "id"', 'o.teamId AS "teamId"'])
      .where('o.teamId IN (:...teamIds)', { teamIds })
      .orderBy('o.id', 'ASC')
      .getRawMany<{ id: number; teamId: number }>();
    for (const row of rows) result.get(Number(row.teamId))?.push(Number(row.id));
    return result;
  }

  async teamMemberIds(teamId: number, manager?: EntityManager): Promise<number[]> {
    return (await this.memberIdsByTeam([teamId], manager)).get(teamId) ?? [];
  }

  /**
   * Makes `observerIds` exactly the members of team `teamId`: those listed join it (leaving any
   * other team, since an observer is in one team at a time), members not listed leave it.
   * Every id must be an observer of the mission (400 otherwise). Runs inside the caller's
   * transaction; answers whether any membership changed.
   */
  async setTeamMembers(
    caller: Caller,
    em: EntityManager,
    missionId: number,
    teamId: number,
    observerIds: number[],
  ): Promise<boolean> {
    const wanted = [...new Set(observerIds)];
    const listed = wanted.length ? await em.findBy(Observer, { missionId, id: In(wanted) }) : [];
    const found = new Set(listed.map((o) => o.id));
    const missing = wanted.filter((id) => !found.has(id));
    if (missing.length) {
      throw badRequestFromFieldErrors(
        missing.map((id) => ({ field: 'memberIds', message: `observer ${id} does not exist in this mission` })),
      );
    }
    const joining = listed.filter((o) => o.teamId !== teamId);
    const leaving = await em.findBy(Observer, {
      missionId,
      teamId,
      ...(wanted.length ? { id: Not(In(wanted)) } : {}),
    });
    await this.moveToTeam(caller, em, missionId, joining, teamId);
    await this.moveToTeam(caller, em, missionId, leaving, null);
    return joining.length + leaving.length > 0;
  }

  /** Takes every member out of team `teamId` (before the team is deleted). */
  async clearTeam(caller: Caller, em: EntityManager, missionId: number, teamId: number): Promise<void> {
    await this.moveToTeam(caller, em, missionId, await em.findBy(Observer, { missionId, teamId }), null);
  }

  private async moveToTeam(
    caller: Caller,
    em: EntityManager,
    missionId: number,
    observers: Observer[],
    teamId: number | null,
  ) {
    for (const observer of observers) {
      const before = { teamId: observer.teamId };
      observer.teamId = teamId;
      await em.save(observer);
      await this.audit.record(em, {
        caller,
        action: 'update',
        entityType: 'observer',
        entityId: observer.id,
        missionId,
        before,
        after: { teamId },
      });
    }
  }

  private async assertTeamInMission(em: EntityManager, missionId: number, teamId: number): Promise<void> {
    // Observers may not import TeamsModule (teams need observers); the Team table is read directly.
    if (!(await em.existsBy(Team, { id: teamId, missionId }))) {
      throw badRequestFromFieldErrors([{ field: 'teamId', message: `team ${teamId} does not exist in this mission` }]);
    }
  }

  private async assertAccreditationNumberFree(
    em: EntityManager,
    missionId: number,
    accreditationNumber: string,
    exceptObserverId?: number,
  ): Promise<void> {
    const holder = await em.findOneBy(Observer, { missionId, accreditationNumber });
    if (holder && holder.id !== exceptObserverId) {
      throw new ConflictException(
        `Accreditation number ${accreditationNumber} is already held by observer ${holder.id} in this mission`,
      );
    }
  }
}
