import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { WriteSet } from '../database/write-set';
import { AuditService } from '../audit/audit.service';
import { ownRecordsScope, ownTeamId } from '../auth/actor';
import { Page, toPage } from '../common/pagination';
import { badRequestFromFieldErrors, FieldError } from '../common/validation';
import { DatabaseWriter } from '../database/database-writer.service';
import { Stage } from '../election-events/election-event.enums';
import { assertVersion, MissionsService } from '../missions/missions.service';
import { Observer } from '../observers/entities/observer.entity';
import { PollingStation } from '../polling-stations/entities/polling-station.entity';
import { Team } from '../teams/entities/team.entity';
import { checkDeploymentShape, orderedStages } from './deployment-rules';
import { CreateDeploymentDto, DeploymentQueryDto, UpdateDeploymentDto } from './dto/deployment.dto';
import { Deployment } from './entities/deployment.entity';
import { Caller } from '../common/request-context';

type Placement = Pick<Deployment, 'teamId' | 'observerId' | 'pollingStationId' | 'startsAt' | 'endsAt'>;

/** Who a visit was reported by: its observers, and (when known) their teams. */
export interface VisitReporters {
  observerIds?: number[];
  teamIds?: number[];
}

const NOT_NULLABLE = ['pollingStationId', 'stages', 'startsAt', 'endsAt', 'status'] as const;

const isPostgres = (em: EntityManager) => em.connection.options.type === 'postgres';

/** `stages` is a JSON array of known words, so a quoted stage name only matches that element. */
const stagePattern = (stage: Stage) => `%"${stage}"%`;

const iso = (date: Date) => date.toISOString();

@Injectable()
export class DeploymentsService {
  constructor(
    @InjectRepository(Deployment) private readonly deployments: Repository<Deployment>,
    private readonly writer: DatabaseWriter,
    private readonly missions: MissionsService,
    private readonly audit: AuditService,
  ) {}

  async list(caller: Caller, missionId: number, query: DeploymentQueryDto): Promise<Page<Deployment>> {
    if (query.from && query.to && new Date(query.to) <= new Date(query.from)) {
      throw badRequestFromFieldErrors([{ field: 'to', message: 'to must be after from' }]);
    }
    await this.missions.get(missionId);
    const qb = this.deployments
      .createQueryBuilder('d')
      .where('d.missionId = :missionId', { missionId })
      .orderBy('d.startsAt', 'ASC')
      .addOrderBy('d.id', 'ASC');
    if (query.teamId) qb.andWhere('d.teamId = :teamId', { teamId: query.teamId });
    if (query.pollingStationId) {
      qb.andWhere('d.pollingStationId = :pollingStationId', { pollingStationId: query.pollingStationId });
    }
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (query.stage) qb.andWhere('d.stages LIKE :stage', { stage: stagePattern(query.stage) });
    if (query.from) qb.andWhere('d.endsAt > :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('d.startsAt < :to', { to: new Date(query.to) });
    if (query.observerId) {
      // An observer's own deployments are those alone and those of the team they are in now.
      const observer = await this.deployments.manager.findOne(Observer, {
        where: { missionId, id: query.observerId },
        select: { id: true, teamId: true },
      });
      if (!observer) qb.andWhere('1 = 0');
      else {
        qb.andWhere(
          new Brackets((w) => {
            w.where('d.observerId = :observerId', { observerId: observer.id });
            if (observer.teamId !== null)
              w.orWhere('d.teamId = :observersTeamId', { observersTeamId: observer.teamId });
          }),
        );
      }
    }
    const own = ownRecordsScope(caller);
    if (own) {
      // An observer user sees its own deployments: its record's alone and its team's.
      const teamId = await ownTeamId(this.deployments.manager, own);
      qb.andWhere(
        new Brackets((w) => {
          w.where('d.observerId = :ownObserverId', { ownObserverId: own.observerId ?? 0 });
          if (teamId !== null) w.orWhere('d.teamId = :ownTeamId', { ownTeamId: teamId });
        }),
      );
    }
    const [items, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return toPage(items, total, query);
  }

  async get(caller: Caller, missionId: number, id: number, em?: EntityManager): Promise<Deployment> {
    const manager = em ?? this.deployments.manager;
    const lock = em && isPostgres(em) ? { mode: 'pessimistic_write' as const } : undefined;
    const deployment = await manager.findOne(Deployment, { where: { missionId, id }, lock });
    if (!deployment || !(await this.isOwnOrUnscoped(caller, manager, deployment))) {
      throw new NotFoundException(`Deployment ${id} not found in mission ${missionId}`);
    }
    return deployment;
  }

  /** An observer user sees its record's and its team's deployments only; other roles see all. */
  private async isOwnOrUnscoped(caller: Caller, manager: EntityManager, deployment: Deployment): Promise<boolean> {
    const own = ownRecordsScope(caller);
    if (!own) return true;
    if (own.observerId !== null && deployment.observerId === own.observerId) return true;
    return deployment.teamId !== null && deployment.teamId === (await ownTeamId(manager, own));
  }

  create(caller: Caller, missionId: number, dto: CreateDeploymentDto): Promise<Deployment> {
    const fields = {
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
    return this.writer.transaction(async (em) => {
      await this.missions.getWritable(missionId, em);
      const teamOfObserver = await this.checkReferencesAndLock(em, missionId, fields);
      if (fields.status !== 'cancelled') await this.assertNoOverlap(em, missionId, fields, teamOfObserver);
      const saved = await em.save(em.create(Deployment, { ...fields, missionId }));
      await this.audit.record(em, {
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
    return this.writer.transaction(async (em) => {
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
      const teamOfObserver = await this.checkReferencesAndLock(em, missionId, deployment);
      // Only a change of who, when, or a revived cancellation can create an overlap; a status
      // change alone must not fail because of memberships that changed since.
      const moved =
        deployment.teamId !== before.teamId ||
        deployment.observerId !== before.observerId ||
        deployment.startsAt.getTime() !== before.startsAt.getTime() ||
        deployment.endsAt.getTime() !== before.endsAt.getTime() ||
        before.status === 'cancelled';
      if (deployment.status !== 'cancelled' && moved) {
        await this.assertNoOverlap(em, missionId, deployment, teamOfObserver, id);
      }
      const saved = await em.save(deployment);
      await this.audit.record(em, {
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
    return this.writer.transaction(async (em) => {
      await this.missions.getWritable(missionId, em);
      const deployment = await this.get(caller, missionId, id, em);
      await em.delete(Deployment, { id, missionId });
      await this.audit.record(em, {
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
   * Called in the transaction that stores a station visit: the planned deployments it fulfils
   * (same station, the visit's stage among theirs, the visit inside their window, a reporter in
   * the deployed team or the deployed observer) become `done`: read now, changed with `writes`.
   * Answers the deployments as they will be.
   */
  async markDoneForVisit(
    caller: Caller,
    writes: WriteSet,
    missionId: number,
    pollingStationId: number,
    stage: Stage,
    occurredAt: Date,
    reporters: VisitReporters,
  ): Promise<Deployment[]> {
    const em = writes.em;
    const observerIds = [...new Set(reporters.observerIds ?? [])];
    const teamIds = new Set(reporters.teamIds ?? []);
    if (observerIds.length) {
      const observers = await em.find(Observer, {
        where: { missionId, id: In(observerIds) },
        select: { id: true, teamId: true },
      });
      for (const observer of observers) if (observer.teamId !== null) teamIds.add(observer.teamId);
    }
    if (!observerIds.length && !teamIds.size) return [];
    const matching = await em
      .getRepository(Deployment)
      .createQueryBuilder('d')
      .where('d.missionId = :missionId', { missionId })
      .andWhere('d.pollingStationId = :pollingStationId', { pollingStationId })
      .andWhere('d.status = :planned', { planned: 'planned' })
      .andWhere('d.stages LIKE :stage', { stage: stagePattern(stage) })
      .andWhere('d.startsAt <= :at AND d.endsAt >= :at', { at: occurredAt })
      .andWhere(
        new Brackets((w) => {
          w.where('1 = 0');
          if (teamIds.size) w.orWhere('d.teamId IN (:...teamIds)', { teamIds: [...teamIds] });
          if (observerIds.length) w.orWhere('d.observerId IN (:...observerIds)', { observerIds });
        }),
      )
      .getMany();
    const done: Deployment[] = [];
    for (const deployment of matching) {
      // An earlier visit of this transaction may have marked it already, its change not yet run.
      const slot = `deployment-done:${deployment.id}`;
      if (writes.shared.has(slot)) continue;
      writes.shared.set(slot, true);
      const after = { ...deployment, status: 'done' as const, version: deployment.version + 1 };
      // As save() would: version and updatedAt move with the change.
      writes.change(
        `UPDATE "deployments" SET "status" = 'done', "version" = "version" + 1, "updatedAt" = CURRENT_TIMESTAMP WHERE "id" = $1`,
        [deployment.id],
      );
      this.audit.defer(writes, {
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

  /**
   * Planned deployments whose window has passed (before `asOf`, default now) with no station
   * visit from the deployed team or observer at that station, at one of the deployment's stages,
   * within its window. For the summary's data quality.
   */
  listWithoutReport(missionId: number, options: { asOf?: Date; em?: EntityManager } = {}): Promise<Deployment[]> {
    return this.withoutReportQuery(missionId, options).orderBy('d.startsAt', 'ASC').addOrderBy('d.id', 'ASC').getMany();
  }

  countWithoutReport(missionId: number, options: { asOf?: Date; em?: EntityManager } = {}): Promise<number> {
    return this.withoutReportQuery(missionId, options).getCount();
  }

  private withoutReportQuery(
    missionId: number,
    { asOf = new Date(), em }: { asOf?: Date; em?: EntityManager },
  ): SelectQueryBuilder<Deployment> {
    const manager = em ?? this.deployments.manager;
    const q = (name: string) => manager.connection.driver.escape(name);
    // Raw SQL: the visit is matched on columns of both the outer deployment and the event.
    const visitReported = `EXISTS (
      SELECT 1 FROM ${q('election_events')} ev
      JOIN ${q('event_observers')} eo ON eo.${q('eventId')} = ev.${q('id')}
      JOIN ${q('observers')} o ON o.${q('id')} = eo.${q('observerId')}
      WHERE ev.${q('missionId')} = d.${q('missionId')}
        AND ev.${q('type')} = 'station_visit'
        AND ev.${q('pollingStationId')} = d.${q('pollingStationId')}
        AND ev.${q('occurredAt')} >= d.${q('startsAt')}
        AND ev.${q('occurredAt')} <= d.${q('endsAt')}
        AND d.${q('stages')} LIKE ('%"' || ev.${q('stage')} || '"%')
        AND (o.${q('id')} = d.${q('observerId')} OR o.${q('teamId')} = d.${q('teamId')})
    )`;
    return manager
      .getRepository(Deployment)
      .createQueryBuilder('d')
      .where('d.missionId = :missionId', { missionId })
      .andWhere('d.status = :planned', { planned: 'planned' })
      .andWhere('d.endsAt <= :asOf', { asOf })
      .andWhere(`NOT ${visitReported}`);
  }

  /**
   * 400 naming the field when the station, team or observer is not one of this mission's. On
   * PostgreSQL it also locks the rows whose deployments must not overlap: the team (for a team,
   * or for an observer who is in one, taken first so every transaction locks in the same order)
   * and the observer. Concurrent deployments of the same people thus check and insert one after
   * the other, and the second sees the first. Answers the team of a deployed observer.
   */
  private async checkReferencesAndLock(em: EntityManager, missionId: number, d: Placement): Promise<number | null> {
    const errors: FieldError[] = [];
    const station = await em.findOne(PollingStation, {
      where: { missionId, id: d.pollingStationId },
      select: { id: true },
    });
    if (!station) {
      errors.push({
        field: 'pollingStationId',
        message: `pollingStationId: station ${d.pollingStationId} does not exist in this mission`,
      });
    }
    let teamOfObserver: number | null = null;
    if (d.teamId !== null) {
      if (!(await this.findAndLock(em, Team, missionId, d.teamId))) {
        errors.push({ field: 'teamId', message: `teamId: team ${d.teamId} does not exist in this mission` });
      }
    } else if (d.observerId !== null) {
      const observer = await em.findOne(Observer, {
        where: { missionId, id: d.observerId },
        select: { id: true, teamId: true },
      });
      if (!observer) {
        errors.push({
          field: 'observerId',
          message: `observerId: observer ${d.observerId} does not exist in this mission`,
        });
      } else {
        teamOfObserver = observer.teamId;
        if (teamOfObserver !== null) await this.findAndLock(em, Team, missionId, teamOfObserver);
        await this.findAndLock(em, Observer, missionId, observer.id);
      }
    }
    if (errors.length) throw badRequestFromFieldErrors(errors);
    return teamOfObserver;
  }

  private findAndLock<E extends ObjectLiteral>(
    em: EntityManager,
    entity: new () => E,
    missionId: number,
    id: number,
  ): Promise<E | null> {
    const qb = em
      .getRepository(entity)
      .createQueryBuilder('r')
      .select('r.id')
      .where('r.missionId = :missionId AND r.id = :id', { missionId, id });
    // FOR NO KEY UPDATE: excludes other deployers, but not inserts elsewhere that merely reference the row.
    if (isPostgres(em)) qb.setLock('for_no_key_update');
    return qb.getOne();
  }

  /**
   * 409 when the people of this deployment are somewhere else in an overlapping window. Windows
   * are half-open [startsAt, endsAt): one ending at 12:00 and one starting at 12:00 do not
   * overlap. A team is its current members: a team deployment conflicts with a member deployed
   * alone, and an observer deployed alone conflicts with their team's deployments.
   */
  private async assertNoOverlap(
    em: EntityManager,
    missionId: number,
    d: Placement,
    teamOfObserver: number | null,
    exceptId?: number,
  ): Promise<void> {
    const qb = em
      .getRepository(Deployment)
      .createQueryBuilder('d')
      .where('d.missionId = :missionId', { missionId })
      .andWhere('d.status <> :cancelled', { cancelled: 'cancelled' })
      .andWhere('d.startsAt < :endsAt AND d.endsAt > :startsAt', { startsAt: d.startsAt, endsAt: d.endsAt });
    if (exceptId !== undefined) qb.andWhere('d.id <> :exceptId', { exceptId });
    let memberIds: number[] = [];
    if (d.teamId !== null) {
      const members = await em.find(Observer, { where: { missionId, teamId: d.teamId }, select: { id: true } });
      memberIds = members.map((member) => member.id);
      qb.andWhere(
        new Brackets((w) => {
          w.where('d.teamId = :teamId', { teamId: d.teamId });
          if (memberIds.length) w.orWhere('d.observerId IN (:...memberIds)', { memberIds });
        }),
      );
    } else {
      qb.andWhere(
        new Brackets((w) => {
          w.where('d.observerId = :observerId', { observerId: d.observerId });
          if (teamOfObserver !== null) w.orWhere('d.teamId = :teamOfObserver', { teamOfObserver });
        }),
      );
    }
    const other = await qb.orderBy('d.startsAt', 'ASC').addOrderBy('d.id', 'ASC').getOne();
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
