import { EntityManager } from 'typeorm';
import { Caller, RequestActor } from '../common/request-context';
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
