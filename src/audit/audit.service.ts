import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { WriteSet, instantParam } from '../database';
import { Page, toPage } from '../common/pagination';
import { Caller } from '../common/request-context';
import { PERSONAL_DATA_FIELDS } from '../common/personal-data';
import { AuditQueryDto } from './dto/audit-query.dto';
import { AuditAction, AuditEntry } from './entities/audit-entry.entity';

export interface AuditInput {
  /** Who did it: the entry names the actor. */
  caller: Caller;
  action: AuditAction;
  entityType: string;
  entityId: number | null;
  missionId: number | null;
  before?: object | null;
  after?: object | null;
}

const MASKED = '***';
const SECRET_FIELDS = new Set<string>([...PERSONAL_DATA_FIELDS, 'tokenHash', 'token']);
// Bookkeeping columns change on every write and say nothing about what the user changed.
const IGNORED_FIELDS = new Set(['updatedAt', 'version', 'createdAt']);

function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value;
}

function masked(field: string, value: unknown): unknown {
  return SECRET_FIELDS.has(field) && value !== null && value !== undefined ? MASKED : plain(value);
}

/** The changed fields only (all fields for a create or delete), personal data masked. */
export function diffForAudit(
  before: object | null | undefined,
  after: object | null | undefined,
): { before: Record<string, unknown> | null; after: Record<string, unknown> | null } {
  const b = (before ?? null) as Record<string, unknown> | null;
  const a = (after ?? null) as Record<string, unknown> | null;
  const keys = new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})]);
  const outBefore: Record<string, unknown> = {};
  const outAfter: Record<string, unknown> = {};
  for (const key of keys) {
    if (IGNORED_FIELDS.has(key)) continue;
    const bv = b?.[key];
    const av = a?.[key];
    if (typeof bv === 'object' && bv !== null && !(bv instanceof Date) && !Array.isArray(bv)) continue;
    if (typeof av === 'object' && av !== null && !(av instanceof Date) && !Array.isArray(av)) continue;
    if (b && a && JSON.stringify(plain(bv)) === JSON.stringify(plain(av))) continue;
    if (b) outBefore[key] = masked(key, bv);
    if (a) outAfter[key] = masked(key, av);
  }
  return { before: b ? outBefore : null, after: a ? outAfter : null };
}

/**
 * Writes audit entries, always with the rows of the write they describe, so an entry exists exactly
 * when its change was committed.
 */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /** A mission's entries, newest first. */
  async list(missionId: number, query: AuditQueryDto): Promise<Page<AuditEntry>> {
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from > to) throw new BadRequestException('from must not be after to');
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

  /** Records the entry with the write's rows: it is stored exactly when they are. */
  record(writes: WriteSet, input: AuditInput): void {
    writes.insert('audit_entries', ENTRY_COLUMNS, entryRow(input));
  }
}

/** Columns an entry is written with; `id` and `at` come from the database. */
const ENTRY_COLUMNS = ['actorUserId', 'actorName', 'action', 'entityType', 'entityId', 'missionId', 'changes'];

function entryRow(input: AuditInput): unknown[] {
  const { actor } = input.caller;
  return [
    actor.userId,
    actor.name,
    input.action,
    input.entityType,
    input.entityId,
    input.missionId,
    // simple-json, as TypeORM would store it.
    JSON.stringify(diffForAudit(input.before, input.after)),
  ];
}
