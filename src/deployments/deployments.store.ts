import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DeepPartial, EntityManager, In, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { OwnRecordsScope, ownTeamId } from '../access/actor';
import { WriteSet, lockRows } from '../database';
import { Stage } from '../common/stages';
import { Observer } from '../observers/entities/observer.entity';
import { PollingStation } from '../polling-stations/entities/polling-station.entity';
import { Team } from '../teams/entities/team.entity';
import { DeploymentQueryDto } from './dto/deployment.dto';
import { Deployment } from './entities/deployment.entity';

/** Observers (deployed alone) and teams: a deployment is theirs when it is of any of them. */
export interface ObserversAndTeams {
  observerIds?: (number | null)[];
  teamIds?: (number | null)[];
}

export type WithoutReportOptions = { asOf?: Date; em?: EntityManager };
type VisitAt = { pollingStationId: number; stage: Stage; at: Date };
type Span = Pick<Deployment, 'startsAt' | 'endsAt'>;

/** `stages` is a JSON array of known words, so a quoted stage name only matches that element. */
const stagePattern = (stage: Stage) => `%"${stage}"%`;

/** Narrows `qb` to the deployments of `people`; to none when it names nobody. */
function ofPeople(qb: SelectQueryBuilder<Deployment>, people: ObserversAndTeams, tag = '') {
  const observers = (people.observerIds ?? []).filter((id) => id !== null);
  const teams = (people.teamIds ?? []).filter((id) => id !== null);
  const terms: string[] = [];
  if (observers.length) terms.push(`d.observerId IN (:...observers${tag})`);
  if (teams.length) terms.push(`d.teamId IN (:...teams${tag})`);
  return qb.andWhere(`(${terms.join(' OR ') || '1 = 0'})`, { [`observers${tag}`]: observers, [`teams${tag}`]: teams });
}

/** The deployments' queries and writes; `em` is the caller's transaction (optional: without, outside any). */
@Injectable()
export class DeploymentsStore {
  constructor(@InjectRepository(Deployment) private readonly deployments: Repository<Deployment>) {}

  private inMission(missionId: number, em = this.deployments.manager): SelectQueryBuilder<Deployment> {
    return em.getRepository(Deployment).createQueryBuilder('d').where('d.missionId = :missionId', { missionId });
  }

  /** A page of the mission's deployments in time order; each of `people` narrows it further. */
  page(
    missionId: number,
    query: DeploymentQueryDto,
    range: { from?: Date; to?: Date },
    people: ObserversAndTeams[],
  ): Promise<[Deployment[], number]> {
    const qb = this.inMission(missionId).orderBy('d.startsAt', 'ASC').addOrderBy('d.id', 'ASC');
    if (query.teamId) qb.andWhere('d.teamId = :teamId', { teamId: query.teamId });
    if (query.pollingStationId) {
      qb.andWhere('d.pollingStationId = :pollingStationId', { pollingStationId: query.pollingStationId });
    }
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (query.stage) qb.andWhere('d.stages LIKE :stage', { stage: stagePattern(query.stage) });
    if (range.from) qb.andWhere('d.endsAt > :from', { from: range.from });
    if (range.to) qb.andWhere('d.startsAt < :to', { to: range.to });
    people.forEach((of, i) => ofPeople(qb, of, String(i)));
    return qb.take(query.limit).skip(query.offset).getManyAndCount();
  }

  /** One of the mission's deployments; in a transaction, locked until it ends. */
  find(missionId: number, id: number, em?: EntityManager): Promise<Deployment | null> {
    const lock = em && lockRows(em, 'pessimistic_write');
    return (em ?? this.deployments.manager).findOne(Deployment, { where: { missionId, id }, lock });
  }

  /** The team of the observer user's record now (null: none). */
  ownTeamId(own: OwnRecordsScope, em = this.deployments.manager): Promise<number | null> {
    return ownTeamId(em, own);
  }

  /** Those of these observers who are the mission's: their ids and the teams they are in now. */
  observers(missionId: number, ids: number[], em = this.deployments.manager): Promise<Observer[]> {
    return em.find(Observer, { where: { missionId, id: In(ids) }, select: { id: true, teamId: true } });
  }

  async teamMemberIds(em: EntityManager, missionId: number, teamId: number): Promise<number[]> {
    const members = await em.find(Observer, { where: { missionId, teamId }, select: { id: true } });
    return members.map((member) => member.id);
  }

  stationExists(em: EntityManager, missionId: number, id: number): Promise<boolean> {
    return em.existsBy(PollingStation, { missionId, id });
  }

  /** Whether the mission has this team or observer, its row locked against other deployers (not mere references). */
  async lockTeamOrObserver(em: EntityManager, kind: 'team' | 'observer', missionId: number, id: number) {
    const lock = lockRows(em, 'for_no_key_update');
    const entity = kind === 'team' ? Team : Observer;
    return !!(await em.findOne<ObjectLiteral>(entity, { where: { missionId, id }, select: { id: true }, lock }));
  }

  insert(em: EntityManager, fields: DeepPartial<Deployment>): Promise<Deployment> {
    return em.save(em.create(Deployment, fields));
  }

  save(em: EntityManager, deployment: Deployment): Promise<Deployment> {
    return em.save(deployment);
  }

  async remove(em: EntityManager, missionId: number, id: number): Promise<void> {
    await em.delete(Deployment, { id, missionId });
  }

  /** Planned deployments of `people` a visit fulfils: at its station, its stage among theirs, inside their window. */
  plannedFor(em: EntityManager, missionId: number, visit: VisitAt, people: ObserversAndTeams): Promise<Deployment[]> {
    const qb = this.inMission(missionId, em)
      .andWhere('d.pollingStationId = :pollingStationId', { pollingStationId: visit.pollingStationId })
      .andWhere('d.status = :planned', { planned: 'planned' })
      .andWhere('d.stages LIKE :stage', { stage: stagePattern(visit.stage) })
      .andWhere('d.startsAt <= :at AND d.endsAt >= :at', { at: visit.at });
    return ofPeople(qb, people).getMany();
  }

  /** Sets the deployment `done` with `writes`; as save() would, version and updatedAt move with the change. */
  /** Only a planned one: two visits committed together mark it once (their audit entries both say so). */
  markDone(writes: WriteSet, id: number): void {
    writes.change(
      `UPDATE "deployments" SET "status" = 'done', "version" = "version" + 1, "updatedAt" = CURRENT_TIMESTAMP
       WHERE "id" = $1 AND "status" = 'planned'`,
      [id],
    );
  }

  /** The first deployment (not cancelled, not `exceptId`) of `people` overlapping half-open [startsAt, endsAt). */
  firstOverlapping(em: EntityManager, missionId: number, span: Span, people: ObserversAndTeams, exceptId?: number) {
    const qb = this.inMission(missionId, em)
      .andWhere('d.status <> :cancelled', { cancelled: 'cancelled' })
      .andWhere('d.startsAt < :endsAt AND d.endsAt > :startsAt', { startsAt: span.startsAt, endsAt: span.endsAt });
    if (exceptId !== undefined) qb.andWhere('d.id <> :exceptId', { exceptId });
    return ofPeople(qb, people).orderBy('d.startsAt', 'ASC').addOrderBy('d.id', 'ASC').getOne();
  }

  /**
   * Planned deployments whose window has passed (before `asOf`, default now) with no visit at their station, at one
   * of their stages, within their window, from their team or observer.
   */
  listWithoutReport(missionId: number, options: WithoutReportOptions = {}): Promise<Deployment[]> {
    return this.withoutReport(missionId, options).orderBy('d.startsAt', 'ASC').addOrderBy('d.id', 'ASC').getMany();
  }

  countWithoutReport(missionId: number, options: WithoutReportOptions = {}): Promise<number> {
    return this.withoutReport(missionId, options).getCount();
  }

  private withoutReport(missionId: number, { asOf = new Date(), em = this.deployments.manager }: WithoutReportOptions) {
    // Raw SQL: the visit is matched on columns of both the outer deployment and the event.
    const visitReported = `EXISTS (
      SELECT 1 FROM election_events ev
      JOIN event_observers eo ON eo."eventId" = ev.id
      JOIN observers o ON o.id = eo."observerId"
      WHERE ev."missionId" = d."missionId" AND ev.type = 'station_visit' AND ev."pollingStationId" = d."pollingStationId"
        AND ev."occurredAt" >= d."startsAt" AND ev."occurredAt" <= d."endsAt"
        AND d.stages LIKE ('%"' || ev.stage || '"%')
        AND (o.id = d."observerId" OR o."teamId" = d."teamId")
    )`;
    return this.inMission(missionId, em)
      .andWhere('d.status = :planned', { planned: 'planned' })
      .andWhere('d.endsAt <= :asOf', { asOf })
      .andWhere(`NOT ${visitReported}`);
  }
}
