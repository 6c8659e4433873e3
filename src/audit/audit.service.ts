import { Injectable } from '@nestjs/common';
import { timeRange } from '../common/mission-time';
import { WriteSet } from '../database';
import { Page } from '../common/pagination';
import { Caller } from '../common/request-context';
import { PERSONAL_DATA_FIELDS } from '../common/personal-data';
import { AuditStore } from './audit.store';
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
  constructor(private readonly store: AuditStore) {}

  /** A mission's entries, newest first; plain dates in the filters are days of the mission's `zone`. */
  list(missionId: number, query: AuditQueryDto, zone: string): Promise<Page<AuditEntry>> {
    const { from, to } = timeRange(query, zone, 'exclusive');
    return this.store.page(missionId, query, from, to);
  }

  /** Records the entry with the write's rows: it is stored exactly when they are. */
  record(writes: WriteSet, input: AuditInput): void {
    const { actor } = input.caller;
    const changes = diffForAudit(input.before, input.after);
    this.store.record(writes, { ...input, actorUserId: actor.userId, actorName: actor.name, changes });
  }
}
