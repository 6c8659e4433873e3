import { Action } from './permissions';
import { UserRole } from '../common/request-context';

const EVERYONE: readonly UserRole[] = ['admin', 'coordinator', 'analyst', 'observer'];
const STAFF: readonly UserRole[] = ['admin', 'coordinator'];
const READERS: readonly UserRole[] = ['admin', 'coordinator', 'analyst'];

/**
 * THE table of who may do what. Mission membership is checked separately (a mission the user
 * does not belong to is a 404 whatever the action); rows an observer may see inside its mission
 * (its own events, team and deployments) are narrowed by the services.
 *
 * - missions.create / missions.delete are admin-only: a mission is set up and retired by whoever
 *   runs the installation; a coordinator runs it (edits, closes, reopens) once appointed to it.
 * - observers may read checklists because they fill them in when reporting a station visit.
 */
export const ACCESS_POLICY: Readonly<Record<Action, readonly UserRole[]>> = {
  'missions.create': ['admin'],
  'missions.read': EVERYONE,
  'missions.write': STAFF,
  'missions.delete': ['admin'],
  'observers.read': READERS,
  'observers.write': STAFF,
  'teams.read': EVERYONE,
  'teams.write': STAFF,
  'stations.read': EVERYONE,
  'stations.write': STAFF,
  'checklists.read': EVERYONE,
  'checklists.write': STAFF,
  'deployments.read': EVERYONE,
  'deployments.write': STAFF,
  'events.read': EVERYONE,
  'events.write': ['admin', 'coordinator', 'observer'],
  // A file of station visits names its observers: that is the mission staff's bulk tool.
  'events.import': STAFF,
  'incidents.verify': STAFF,
  // Analysts read the review queue and the states; only the mission staff decide.
  'reports.review': STAFF,
  'checks.read': READERS,
  'checks.write': STAFF,
  'summary.read': READERS,
  'audit.read': STAFF,
  'users.manage': ['admin'],
  // Whoever holds a valid token may ask whose it is.
  'me.read': EVERYONE,
};

export function roleMay(role: UserRole, action: Action): boolean {
  return ACCESS_POLICY[action]?.includes(role) ?? false;
}
