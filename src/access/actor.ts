import { ForbiddenException } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Caller, RequestActor } from '../common/request-context';
import { FieldError } from '../common/validation';
import { Observer } from '../observers/entities/observer.entity';

/**
 * What services ask about the caller. The system (CLI, seed) has an actor without a role and has
 * full access.
 */
function isSystemOrAdmin(actor: RequestActor): boolean {
  return !actor.role || actor.role === 'admin';
}

/** Observer e-mail, phone, document number and date of birth: admins and coordinators only. */
export function actorCanSeePersonalData({ actor }: Caller): boolean {
  return isSystemOrAdmin(actor) || actor.role === 'coordinator';
}

/** Missions the caller may see, or undefined when it may see all of them (admin, system). */
export function visibleMissionIds({ actor }: Caller): number[] | undefined {
  return isSystemOrAdmin(actor) ? undefined : (actor.missionIds ?? []);
}

export interface OwnRecordsScope {
  /** Events it reported: election_events.reportedByUserId. */
  userId: number;
  /** Its observer record: its team and deployments follow from it (null: sees none). */
  observerId: number | null;
}

/**
 * For an observer user, the rows it may see and change are its own; every other role gets
 * undefined (no per-row narrowing beyond the mission).
 */
export function ownRecordsScope({ actor }: Caller): OwnRecordsScope | undefined {
  if (actor.role !== 'observer' || actor.userId === null) return undefined;
  return { userId: actor.userId, observerId: actor.observerId ?? null };
}

/** The team the observer user's record is in now (null: none, so it sees no team's rows). */
export async function ownTeamId(manager: EntityManager, scope: OwnRecordsScope): Promise<number | null> {
  if (scope.observerId === null) return null;
  const observer = await manager.findOne(Observer, {
    where: { id: scope.observerId },
    select: { id: true, teamId: true },
  });
  return observer?.teamId ?? null;
}

/**
 * An observer user reports as itself: the observers its report lists must include its own record
 * and, besides it, only members of its team now (on an edit, also those the report lists already:
 * `listed`). Anyone else is 403, the same whether or not the id is an observer, since an observer
 * user may not read observer records. A list without its own record gets the 400 field error.
 */
export async function checkOwnReporters(
  manager: EntityManager,
  scope: OwnRecordsScope,
  missionId: number,
  observerIds: number[],
  listed: readonly number[] = [],
): Promise<FieldError[]> {
  const self = scope.observerId;
  const others = [...new Set(observerIds)].filter((id) => id !== self && !listed.includes(id));
  if (others.length) {
    const teamId = await ownTeamId(manager, scope);
    const mates =
      teamId === null
        ? []
        : await manager.find(Observer, { select: { id: true }, where: { missionId, teamId, id: In(others) } });
    const refused = others.filter((id) => !mates.some((m) => m.id === id));
    if (refused.length) {
      throw new ForbiddenException(
        `observerIds: an observer user reports as itself and may add only members of its team, not ${refused.join(', ')}`,
      );
    }
  }
  if (self !== null && observerIds.includes(self)) return [];
  return [
    {
      field: 'observerIds',
      message: `observerIds must include your own observer record (${self ?? 'none'}): an observer user's reports are its own`,
    },
  ];
}
