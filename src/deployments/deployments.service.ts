import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DatabaseWriter, WriteSet } from '../database';
import { AuditService } from '../audit/audit.service';
import { ownRecordsScope } from '../access/actor';
import { Page, toPage } from '../common/pagination';
import { timeRange } from '../common/mission-time';
import { badRequestFromFieldErrors, FieldError } from '../common/validation';
import { Stage } from '../common/stages';
import { assertVersion } from '../common/versions';
import { MissionsService } from '../missions/missions.service';
import { checkDeploymentShape, orderedStages } from './deployment-rules';
import { DeploymentsStore, ObserversAndTeams, WithoutReportOptions } from './deployments.store';
import { CreateDeploymentDto, DeploymentQueryDto, UpdateDeploymentDto } from './dto/deployment.dto';
import { Deployment } from './entities/deployment.entity';
import { Caller } from '../common/request-context';

type Placement = Pick<Deployment, 'missionId' | 'teamId' | 'observerId' | 'pollingStationId' | 'startsAt' | 'endsAt'>;

const NOT_NULLABLE = ['pollingStationId', 'stages', 'startsAt', 'endsAt', 'status'] as const;

const iso = (date: Date) => date.toISOString();
const notInMission = (field: string, what: string, id: number): FieldError => ({
  field,
  message: `${field}: ${what} ${id} does not exist in this mission`,
});

@Injectable()
export class DeploymentsService {
  constructor(
    private readonly store: DeploymentsStore,
    private readonly writer: DatabaseWriter,
    private readonly missions: MissionsService,
    private readonly audit: AuditService,
  ) {}

  async list(caller: Caller, missionId: number, query: DeploymentQueryDto): Promise<Page<Deployment>> {
    const mission = await this.missions.get(missionId);
    const range = timeRange(query, mission.timezone, 'exclusive');
    const people: ObserversAndTeams[] = [];
    if (query.observerId) {
      // An observer's own deployments are those alone and those of the team they are in now.
      const [observer] = await this.store.observers(missionId, [query.observerId]);
      if (!observer) return toPage([], 0, query);
      people.push({ observerIds: [observer.id], teamIds: [observer.teamId] });
    }
    const own = ownRecordsScope(caller);
    // An observer user sees its own deployments: its record's alone and its team's.
    if (own) people.push({ observerIds: [own.observerId ?? 0], teamIds: [await this.store.ownTeamId(own)] });
    const [items, total] = await this.store.page(missionId, query, range, people);
    return toPage(items, total, query);
  }

  async get(caller: Caller, missionId: number, id: number, em?: EntityManager): Promise<Deployment> {
    const deployment = await this.store.find(missionId, id, em);
    if (!deployment || !(await this.isOwnOrUnscoped(caller, deployment, em))) {
      throw new NotFoundException(`Deployment ${id} not found in mission ${missionId}`);
    }
    return deployment;
  }

  /** An observer user sees its record's and its team's deployments only; other roles see all. */
  private async isOwnOrUnscoped(caller: Caller, deployment: Deployment, em?: EntityManager): Promise<boolean> {
    const own = ownRecordsScope(caller);
    if (!own) return true;
    if (own.observerId !== null && deployment.observerId === own.observerId) return true;
    return deployment.teamId !== null && deployment.teamId === (await this.store.ownTeamId(own, em));
  }

  create(caller: Caller, missionId: number, dto: CreateDeploymentDto): Promise<Deployment> {
    const fields = {
      missionId,
      teamId: dto.teamId ?? null,
      observerId: dto.observerId ?? null,
      pollingStationId: dto.pollingStationId,
      stages: orderedStages(dto.stages),
      startsAt: new Date(dto.startsAt),
      endsAt: new Date(dto.endsAt),
      status: dto.status ?? 'planned',
    };
    const errors = checkDeploymentShape(fields);
    if (errors.length) throw badRequestFromFieldErrors(errors);
    return this.writer.transaction(async (em, writes) => {
      await this.missions.getWritable(missionId, em);
      const teamOfObserver = await this.checkReferencesAndLock(em, fields);
      if (fields.status !== 'cancelled') await this.assertNoOverlap(em, fields, teamOfObserver);
      const saved = await this.store.insert(em, fields);
      this.audit.record(writes, {
        caller,
        action: 'create',
        entityType: 'deployment',
        entityId: saved.id,
        missionId,
        after: saved,
      });
      return saved;
    });
  }

  update(caller: Caller, missionId: number, id: number, dto: UpdateDeploymentDto): Promise<Deployment> {
    const { version, ...changes } = dto;
    const nulls = NOT_NULLABLE.filter((field) => changes[field] === null);
    if (nulls.length) {
      throw badRequestFromFieldErrors(nulls.map((field) => ({ field, message: `${field} must not be null` })));
    }
    return this.writer.transaction(async (em, writes) => {
      await this.missions.getWritable(missionId, em);
      const deployment = await this.get(caller, missionId, id, em);
      assertVersion(deployment, version, `Deployment ${id}`);
      const before = { ...deployment };
      if (changes.teamId !== undefined) deployment.teamId = changes.teamId;
      if (changes.observerId !== undefined) deployment.observerId = changes.observerId;
      if (changes.pollingStationId !== undefined) deployment.pollingStationId = changes.pollingStationId;
      if (changes.stages !== undefined) deployment.stages = orderedStages(changes.stages);
      if (changes.startsAt !== undefined) deployment.startsAt = new Date(changes.startsAt);
      if (changes.endsAt !== undefined) deployment.endsAt = new Date(changes.endsAt);
      if (changes.status !== undefined) deployment.status = changes.status;
      const errors = checkDeploymentShape(deployment);
      if (errors.length) throw badRequestFromFieldErrors(errors);
      const teamOfObserver = await this.checkReferencesAndLock(em, deployment);
      // Only a change of who, when, or a revived cancellation can create an overlap; a status
      // change alone must not fail because of memberships that changed since.
      const moved =
        deployment.teamId !== before.teamId ||
        deployment.observerId !== before.observerId ||
        deployment.startsAt.getTime() !== before.startsAt.getTime() ||
        deployment.endsAt.getTime() !== before.endsAt.getTime() ||
        before.status === 'cancelled';
      if (deployment.status !== 'cancelled' && moved) {
        await this.assertNoOverlap(em, deployment, teamOfObserver, id);
      }
      const saved = await this.store.save(em, deployment);
      this.audit.record(writes, {
        caller,
        action: 'update',
        entityType: 'deployment',
        entityId: id,
        missionId,
        before,
        after: saved,
      });
      return saved;
    });
  }

  remove(caller: Caller, missionId: number, id: number): Promise<void> {
    return this.writer.transaction(async (em, writes) => {
      await this.missions.getWritable(missionId, em);
      const deployment = await this.get(caller, missionId, id, em);
      await this.store.remove(em, missionId, id);
      this.audit.record(writes, {
        caller,
        action: 'delete',
        entityType: 'deployment',
        entityId: id,
        missionId,
        before: deployment,
      });
    });
  }

  /**
   * In a visit's transaction: the planned deployments it fulfils (see DeploymentsStore.plannedFor) become `done`
   * with `writes`. Returns them as they will be.
   */
  async markDoneForVisit(
    caller: Caller,
    writes: WriteSet,
    missionId: number,
    pollingStationId: number,
    stage: Stage,
    occurredAt: Date,
    reporters: { observerIds?: number[]; teamIds?: number[] },
  ): Promise<Deployment[]> {
    const observerIds = [...new Set(reporters.observerIds ?? [])];
    if (!observerIds.length && !reporters.teamIds?.length) return [];
    // A visit by a member fulfils the deployment of the team they are in now.
    const observers = observerIds.length ? await this.store.observers(missionId, observerIds, writes.em) : [];
    const teamIds = [...new Set([...(reporters.teamIds ?? []), ...observers.map((observer) => observer.teamId)])];
    const visit = { pollingStationId, stage, at: occurredAt };
    const matching = await this.store.plannedFor(writes.em, missionId, visit, { observerIds, teamIds });
    const done: Deployment[] = [];
    for (const deployment of matching) {
      const after = { ...deployment, status: 'done' as const, version: deployment.version + 1 };
      this.store.markDone(writes, deployment.id);
      this.audit.record(writes, {
        caller,
        action: 'update',
        entityType: 'deployment',
        entityId: deployment.id,
        missionId,
        before: deployment,
        after,
      });
      done.push(after);
    }
    return done;
  }

  /** For the summary's data quality: see DeploymentsStore.listWithoutReport. */
  listWithoutReport(missionId: number, options: WithoutReportOptions = {}): Promise<Deployment[]> {
    return this.store.listWithoutReport(missionId, options);
  }

  countWithoutReport(missionId: number, options: WithoutReportOptions = {}): Promise<number> {
    return this.store.countWithoutReport(missionId, options);
  }

  /**
   * 400 naming the field when the station, team or observer is not the mission's. Locks the team (first: one order
   * for every transaction) and the observer, so deployments of the same people check and insert one after the other.
   * Answers the team of a deployed observer.
   */
  private async checkReferencesAndLock(em: EntityManager, d: Placement): Promise<number | null> {
    const { missionId } = d;
    const errors: FieldError[] = [];
    if (!(await this.store.stationExists(em, missionId, d.pollingStationId))) {
      errors.push(notInMission('pollingStationId', 'station', d.pollingStationId));
    }
    let teamOfObserver: number | null = null;
    if (d.teamId !== null) {
      if (!(await this.store.lockTeamOrObserver(em, 'team', missionId, d.teamId))) {
        errors.push(notInMission('teamId', 'team', d.teamId));
      }
    } else if (d.observerId !== null) {
      const [observer] = await this.store.observers(missionId, [d.observerId], em);
      if (!observer) errors.push(notInMission('observerId', 'observer', d.observerId));
      else {
        teamOfObserver = observer.teamId;
        if (teamOfObserver !== null) await this.store.lockTeamOrObserver(em, 'team', missionId, teamOfObserver);
        await this.store.lockTeamOrObserver(em, 'observer', missionId, observer.id);
      }
    }
    if (errors.length) throw badRequestFromFieldErrors(errors);
    return teamOfObserver;
  }

  /**
   * 409 when the people of this deployment are elsewhere in an overlapping window. A team is its members now: a team
   * deployment conflicts with a member deployed alone, and an observer deployed alone with their team's deployments.
   */
  private async assertNoOverlap(em: EntityManager, d: Placement, teamOfObserver: number | null, exceptId?: number) {
    const people =
      d.teamId !== null
        ? { teamIds: [d.teamId], observerIds: await this.store.teamMemberIds(em, d.missionId, d.teamId) }
        : { observerIds: [d.observerId], teamIds: [teamOfObserver] };
    const other = await this.store.firstOverlapping(em, d.missionId, d, people, exceptId);
    if (!other) return;
    const where = `from ${iso(other.startsAt)} to ${iso(other.endsAt)} (deployment ${other.id}, station ${other.pollingStationId})`;
    let who: string;
    if (d.teamId !== null) {
      who =
        other.teamId !== null
          ? `Team ${d.teamId} is already deployed ${where}`
          : `Observer ${other.observerId} of team ${d.teamId} is already deployed alone ${where}`;
    } else {
      who =
        other.observerId !== null
          ? `Observer ${d.observerId} is already deployed ${where}`
          : `Observer ${d.observerId} is in team ${other.teamId}, which is already deployed ${where}`;
    }
    throw new ConflictException(`${who}; a team or observer cannot be in two places at once`);
  }
}
