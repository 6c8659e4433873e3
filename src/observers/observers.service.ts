import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DatabaseWriter, WriteSet } from '../database';
import { AuditInput, AuditService } from '../audit/audit.service';
import { Page } from '../common/pagination';
import { badRequestFromFieldErrors } from '../common/validation';
import { TokenCache } from '../access/token-cache';
import { UsersService } from '../auth/users.service';
import { assertVersion } from '../common/versions';
import { MissionsService } from '../missions/missions.service';
import { CreateObserverDto, ObserverQueryDto, UpdateObserverDto } from './dto/observer.dto';
import { Observer } from './entities/observer.entity';
import { assertCodeOfConduct } from './observer.rules';
import { ObserversStore } from './observers.store';
import { Caller } from '../common/request-context';

@Injectable()
export class ObserversService {
  constructor(
    private readonly store: ObserversStore,
    private readonly missions: MissionsService,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly tokens: TokenCache,
  ) {}

  async list(missionId: number, query: ObserverQueryDto): Promise<Page<Observer>> {
    await this.missions.get(missionId);
    return this.store.findPage(missionId, query);
  }

  /** The observer `observerId` of mission `missionId`; 404 when it is missing or another mission's. */
  async getInMission(missionId: number, observerId: number, manager?: EntityManager): Promise<Observer> {
    const observer = await this.store.findObserver({ id: observerId, missionId }, manager);
    if (!observer) throw new NotFoundException(`Observer ${observerId} not found in mission ${missionId}`);
    return observer;
  }

  async get(missionId: number, observerId: number): Promise<Observer> {
    await this.missions.get(missionId);
    return this.getInMission(missionId, observerId);
  }

  create(caller: Caller, missionId: number, dto: CreateObserverDto): Promise<Observer> {
    return this.writer.transaction(async (em, writes) => {
      const mission = await this.missions.getWritable(missionId, em);
      if (dto.teamId != null) await this.assertTeamInMission(em, missionId, dto.teamId);
      assertCodeOfConduct(dto.nationality, mission.hostCountry);
      if (dto.accreditationNumber != null) {
        await this.assertAccreditationNumberFree(em, missionId, dto.accreditationNumber);
      }
      const observer = await this.store.saveObserver(em, { ...dto, missionId });
      this.recordChange(writes, { caller, action: 'create', entityId: observer.id, missionId, after: observer });
      return observer;
    });
  }

  update(caller: Caller, missionId: number, observerId: number, dto: UpdateObserverDto): Promise<Observer> {
    const { version, ...changes } = dto;
    return this.writer.transaction(async (em, writes) => {
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
      const saved = await this.store.saveObserver(em, observer);
      this.recordChange(writes, { caller, action: 'update', entityId: observerId, missionId, before, after: saved });
      return saved;
    });
  }

  /** Deleting the record ends its observer user's access to the mission (releaseObserver). */
  remove(caller: Caller, missionId: number, observerId: number): Promise<void> {
    return this.tokens.changing(() =>
      this.writer.transaction(async (em, writes) => {
        await this.missions.getWritable(missionId, em);
        const observer = await this.getInMission(missionId, observerId, em);
        await this.users.releaseObserver(caller, em, writes, observerId);
        await this.store.deleteObserver(em, missionId, observerId);
        this.recordChange(writes, { caller, action: 'delete', entityId: observerId, missionId, before: observer });
      }),
    );
  }

  /**
   * Makes `observerIds` exactly the members of team `teamId`: those listed join it (leaving any
   * other team, since an observer is in one team at a time), members not listed leave it.
   * Every id must be an observer of the mission (400 otherwise). Runs inside the caller's
   * transaction; resolves to whether any membership changed.
   */
  async setTeamMembers(
    caller: Caller,
    em: EntityManager,
    writes: WriteSet,
    missionId: number,
    teamId: number,
    observerIds: number[],
  ): Promise<boolean> {
    const wanted = [...new Set(observerIds)];
    const listed = await this.store.findManyInMission(em, missionId, wanted);
    const found = new Set(listed.map((o) => o.id));
    const missing = wanted.filter((id) => !found.has(id));
    if (missing.length) {
      throw badRequestFromFieldErrors(
        missing.map((id) => ({ field: 'memberIds', message: `observer ${id} does not exist in this mission` })),
      );
    }
    const joining = listed.filter((o) => o.teamId !== teamId);
    const leaving = await this.store.findTeamMembers(em, missionId, teamId, wanted);
    await this.moveToTeam(caller, em, writes, missionId, joining, teamId);
    await this.moveToTeam(caller, em, writes, missionId, leaving, null);
    return joining.length + leaving.length > 0;
  }

  /** Takes every member out of team `teamId` (before the team is deleted). */
  async clearTeam(
    caller: Caller,
    em: EntityManager,
    writes: WriteSet,
    missionId: number,
    teamId: number,
  ): Promise<void> {
    await this.moveToTeam(caller, em, writes, missionId, await this.store.findTeamMembers(em, missionId, teamId), null);
  }

  private async moveToTeam(
    caller: Caller,
    em: EntityManager,
    writes: WriteSet,
    missionId: number,
    observers: Observer[],
    teamId: number | null,
  ) {
    for (const observer of observers) {
      const before = { teamId: observer.teamId };
      observer.teamId = teamId;
      await this.store.saveObserver(em, observer);
      this.recordChange(writes, {
        caller,
        action: 'update',
        entityId: observer.id,
        missionId,
        before,
        after: { teamId },
      });
    }
  }

  private recordChange(writes: WriteSet, input: Omit<AuditInput, 'entityType'>): void {
    this.audit.record(writes, { ...input, entityType: 'observer' });
  }

  private async assertTeamInMission(em: EntityManager, missionId: number, teamId: number): Promise<void> {
    if (!(await this.store.teamInMission(em, missionId, teamId))) {
      throw badRequestFromFieldErrors([{ field: 'teamId', message: `team ${teamId} does not exist in this mission` }]);
    }
  }

  private async assertAccreditationNumberFree(
    em: EntityManager,
    missionId: number,
    accreditationNumber: string,
    exceptObserverId?: number,
  ): Promise<void> {
    const holder = await this.store.findObserver({ missionId, accreditationNumber }, em);
    if (holder && holder.id !== exceptObserverId) {
      throw new ConflictException(
        `Accreditation number ${accreditationNumber} is already held by observer ${holder.id} in this mission`,
      );
    }
  }
}
