import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Page, toPage } from '../common/pagination';
import { appendOnlyStamp, instantParam, WriteSet } from '../database';
import { AuditQueryDto } from './dto/audit-query.dto';
import { AuditEntry } from './entities/audit-entry.entity';

/** An entry as it is written; `id` and `at` come from the database. */
type NewEntry = Pick<
  AuditEntry,
  'actorUserId' | 'actorName' | 'action' | 'entityType' | 'entityId' | 'missionId' | 'changes'
>;

const COLUMNS = ['actorUserId', 'actorName', 'action', 'entityType', 'entityId', 'missionId', 'changes'];

/** The audit log's entries. */
@Injectable()
export class AuditStore {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  async page(missionId: number, query: AuditQueryDto, from?: Date, to?: Date): Promise<Page<AuditEntry>> {
    const qb = this.entries
      .createQueryBuilder('a')
      .where('a.missionId = :missionId', { missionId })
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC');
    if (query.entityType) qb.andWhere('a.entityType = :entityType', { entityType: query.entityType });
    if (query.entityId !== undefined) qb.andWhere('a.entityId = :entityId', { entityId: query.entityId });
    if (query.actorUserId !== undefined) qb.andWhere('a.actorUserId = :actor', { actor: query.actorUserId });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (from) qb.andWhere('a.at >= :from', { from: instantParam(this.entries.manager, from) });
    if (to) qb.andWhere('a.at < :to', { to: instantParam(this.entries.manager, to) });
    const [items, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return toPage(items, total, query);
  }

  /** Moves whenever the mission's data does: entries are written with every change, never removed. */
  async changeStamp(em: EntityManager, missionId: number): Promise<number> {
    const row = await em
      .createQueryBuilder()
      .select(appendOnlyStamp(em), 'n')
      .from(AuditEntry, 'a')
      .where('a."missionId" = :missionId', { missionId })
      .getRawOne<{ n: number | string | null }>();
    return Number(row?.n ?? 0);
  }

  record(writes: WriteSet, e: NewEntry): void {
    // `changes` is simple-json: stored as TypeORM would store it.
    const row = [
      e.actorUserId,
      e.actorName,
      e.action,
      e.entityType,
      e.entityId,
      e.missionId,
      JSON.stringify(e.changes),
    ];
    writes.insert('audit_entries', COLUMNS, row);
  }
}
