import { EntityManager } from 'typeorm';
import { RequestActor, RequestContext } from '../common/request-context';
import { Observer } from '../observers/entities/observer.entity';

/**
 * What services ask about the caller. Code running outside a request (CLI, seed, migrations)
 * has no actor and acts as the system, with full access.
 */
export function currentActor(): RequestActor | undefined {
  return RequestContext.actor();
}

function isSystemOrAdmin(actor: RequestActor | undefined): boolean {
  return !actor || !actor.role || actor.role === 'admin';
}

/** Observer e-mail, phone, document number and date of birth: admins and coordinators only. */
export function actorCanSeePersonalData(): boolean {
  const actor = currentActor();
  return isSystemOrAdmin(actor) || actor!.role === 'coordinator';
}

/** Missions the caller may see, or undefined when it may see all of them (admin, system). */
export function visibleMissionIds(): number[] | undefined {
  const actor = currentActor();
  return isSystemOrAdmin(actor) ? undefined : (actor!.missionIds ?? []);
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
export function ownRecordsScope(): OwnRecordsScope | undefined {
  const actor = currentActor();
  if (actor?.role !== 'observer' || actor.userId === null) return undefined;
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
