import { SetMetadata } from '@nestjs/common';

/**
 * What a route does, named `<resource>.<read|write>` (plus a few special actions). Every
 * controller handler carries exactly one `@Can(...)`; the access-control guard maps actions to
 * the roles allowed to perform them, and takes the mission from the route's `:missionId`.
 */
export type Action =
  | 'missions.create'
  | 'missions.read'
  | 'missions.write'
  | 'missions.delete'
  | 'observers.read'
  | 'observers.write'
  | 'teams.read'
  | 'teams.write'
  | 'stations.read'
  | 'stations.write'
  | 'checklists.read'
  | 'checklists.write'
  | 'deployments.read'
  | 'deployments.write'
  | 'events.read'
  | 'events.write'
  | 'events.import'
  | 'incidents.verify'
  | 'reports.review'
  | 'checks.read'
  | 'checks.write'
  | 'summary.read'
  | 'audit.read'
  | 'users.manage'
  | 'me.read';

export const ACTION_KEY = 'eom:action';

export const Can = (action: Action) => SetMetadata(ACTION_KEY, action);

export const PUBLIC_KEY = 'eom:public';

/** A route anyone may call without a token (health checks). Everything else is refused without one. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
