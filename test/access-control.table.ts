/**
 * THE SPECIFICATION of who may call what: one row per route (a few routes have a row per case of
 * a per-row rule), one column per caller. test/access-control-matrix.e2e-spec.ts walks it, and
 * fails when the app registers a route that has no row here.
 *
 * Callers: admin; coordinator of mission A; coordinator of mission B only ("coB"); analyst of A;
 * observer user of A (speaking for observer `obsA`, member of team `teamA`); no token; a token
 * that does not exist.
 *
 * Probes: writes send `{ __probe: true }` (an unknown field), so a caller the guard lets through
 * gets the validation pipe's 400 and nothing changes; a refused one gets 401/403/404 first.
 * Deletes act on a fresh row per caller. A CSV import gets a file the importer rejects (400).
 *
 * Adding a route: add a row `['<METHOD> /api/v1/<path with :params>', (f) => probe, [statuses]]`.
 */
import { Fixtures } from './access-control.fixtures';

export const CALLERS = ['admin', 'coordinator', 'coB', 'analyst', 'observer', 'none', 'bad'] as const;
export type Caller = (typeof CALLERS)[number];

export interface Probe {
  path: string;
  body?: object | string;
  csv?: boolean;
}

export type Statuses = [number, number, number, number, number, number, number];

export interface AccessRow {
  route: string;
  /** Which case of a per-row rule this row is about (own / another's record). */
  variant?: string;
  probe: (f: Fixtures) => Probe | Promise<Probe>;
  expect: Statuses;
}

const probe = { __probe: true };
const badCsv = 'not_a_column\nx\n';
const A = (f: Fixtures, rest = '') => `/api/v1/missions/${f.missionA}${rest}`;

// prettier-ignore
export const ACCESS_TABLE: AccessRow[] = [
  //                                                                                                       admin coA  coB  ana  obs  none bad
  { route: 'GET /health', probe: () => ({ path: '/health' }),                                             expect: [200, 200, 200, 200, 200, 200, 200] },

  { route: 'POST /api/v1/missions', probe: () => ({ path: '/api/v1/missions', body: probe }),             expect: [400, 403, 403, 403, 403, 401, 401] },
  { route: 'GET /api/v1/missions', probe: () => ({ path: '/api/v1/missions' }),                           expect: [200, 200, 200, 200, 200, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId', probe: (f) => ({ path: A(f) }),                             expect: [200, 200, 404, 200, 200, 401, 401] },
  { route: 'PATCH /api/v1/missions/:missionId', probe: (f) => ({ path: A(f), body: probe }),              expect: [400, 400, 404, 403, 403, 401, 401] },
  // A fresh mission that coordinator and analyst belong to (the observer user's record is in A).
  { route: 'DELETE /api/v1/missions/:missionId',
    probe: async (f) => ({ path: `/api/v1/missions/${await f.fresh.mission()}` }),                       expect: [204, 403, 404, 403, 404, 401, 401] },

  { route: 'POST /api/v1/users', probe: () => ({ path: '/api/v1/users', body: probe }),                   expect: [400, 403, 403, 403, 403, 401, 401] },
  { route: 'GET /api/v1/users', probe: () => ({ path: '/api/v1/users' }),                                 expect: [200, 403, 403, 403, 403, 401, 401] },
  { route: 'GET /api/v1/users/:userId', probe: (f) => ({ path: `/api/v1/users/${f.targetUser}` }),       expect: [200, 403, 403, 403, 403, 401, 401] },
  { route: 'PATCH /api/v1/users/:userId',
    probe: (f) => ({ path: `/api/v1/users/${f.targetUser}`, body: probe }),                               expect: [400, 403, 403, 403, 403, 401, 401] },
  { route: 'DELETE /api/v1/users/:userId',
    probe: async (f) => ({ path: `/api/v1/users/${await f.fresh.user()}` }),                             expect: [204, 403, 403, 403, 403, 401, 401] },
  { route: 'POST /api/v1/users/:userId/token',
    probe: (f) => ({ path: `/api/v1/users/${f.targetUser}/token` }),                                      expect: [201, 403, 403, 403, 403, 401, 401] },
  { route: 'GET /api/v1/me', probe: () => ({ path: '/api/v1/me' }),                                       expect: [200, 200, 200, 200, 200, 401, 401] },

  { route: 'POST /api/v1/missions/:missionId/observers', probe: (f) => ({ path: A(f, '/observers'), body: probe }), expect: [400, 400, 404, 403, 403, 401, 401] },
  { route: 'POST /api/v1/missions/:missionId/observers/import',
    probe: (f) => ({ path: A(f, '/observers/import'), body: badCsv, csv: true }),                         expect: [400, 400, 404, 403, 403, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId/observers', probe: (f) => ({ path: A(f, '/observers') }),    expect: [200, 200, 404, 200, 403, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId/observers/:observerId',
    probe: (f) => ({ path: A(f, `/observers/${f.obsA}`) }),                                               expect: [200, 200, 404, 200, 403, 401, 401] },
  { route: 'PATCH /api/v1/missions/:missionId/observers/:observerId',
    probe: (f) => ({ path: A(f, `/observers/${f.obsA}`), body: probe }),                                  expect: [400, 400, 404, 403, 403, 401, 401] },
  { route: 'DELETE /api/v1/missions/:missionId/observers/:observerId',
    probe: async (f) => ({ path: A(f, `/observers/${await f.fresh.observer()}`) }),                      expect: [204, 204, 404, 403, 403, 401, 401] },

  { route: 'POST /api/v1/missions/:missionId/teams', probe: (f) => ({ path: A(f, '/teams'), body: probe }), expect: [400, 400, 404, 403, 403, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId/teams', probe: (f) => ({ path: A(f, '/teams') }),            expect: [200, 200, 404, 200, 200, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId/teams/:teamId', variant: "the observer's own team",
    probe: (f) => ({ path: A(f, `/teams/${f.teamA}`) }),                                                  expect: [200, 200, 404, 200, 200, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId/teams/:teamId', variant: 'another team',
    probe: (f) => ({ path: A(f, `/teams/${f.teamA2}`) }),                                                 expect: [200, 200, 404, 200, 404, 401, 401] },
  { route: 'PATCH /api/v1/missions/:missionId/teams/:teamId',
    probe: (f) => ({ path: A(f, `/teams/${f.teamA}`), body: probe }),                                     expect: [400, 400, 404, 403, 403, 401, 401] },
  { route: 'DELETE /api/v1/missions/:missionId/teams/:teamId',
    probe: async (f) => ({ path: A(f, `/teams/${await f.fresh.team()}`) }),                              expect: [204, 204, 404, 403, 403, 401, 401] },

  { route: 'POST /api/v1/missions/:missionId/polling-stations',
    probe: (f) => ({ path: A(f, '/polling-stations'), body: probe }),                                     expect: [400, 400, 404, 403, 403, 401, 401] },
  { route: 'POST /api/v1/missions/:missionId/polling-stations/import',
    probe: (f) => ({ path: A(f, '/polling-stations/import'), body: badCsv, csv: true }),                  expect: [400, 400, 404, 403, 403, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId/polling-stations', probe: (f) => ({ path: A(f, '/polling-stations') }), expect: [200, 200, 404, 200, 200, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId/polling-stations/:stationId',
    probe: (f) => ({ path: A(f, `/polling-stations/${f.stationA}`) }),                                    expect: [200, 200, 404, 200, 200, 401, 401] },
  { route: 'PATCH /api/v1/missions/:missionId/polling-stations/:stationId',
    probe: (f) => ({ path: A(f, `/polling-stations/${f.stationA}`), body: probe }),                       expect: [400, 400, 404, 403, 403, 401, 401] },
  { route: 'DELETE /api/v1/missions/:missionId/polling-stations/:stationId',
    probe: async (f) => ({ path: A(f, `/polling-stations/${await f.fresh.station()}`) }),                expect: [204, 204, 404, 403, 403, 401, 401] },

  { route: 'GET /api/v1/missions/:missionId/quality-checks', probe: (f) => ({ path: A(f, '/quality-checks') }), expect: [200, 200, 404, 200, 403, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId/quality-checks/names',
    probe: (f) => ({ path: A(f, '/quality-checks/names?stage=opening') }),                                expect: [200, 200, 404, 200, 403, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId/quality-checks/:checkId',
    probe: (f) => ({ path: A(f, `/quality-checks/${f.checkA}`) }),                                        expect: [200, 200, 404, 200, 403, 401, 401] },
  { route: 'POST /api/v1/missions/:missionId/quality-checks',
    probe: (f) => ({ path: A(f, '/quality-checks'), body: probe }),                                       expect: [400, 400, 404, 403, 403, 401, 401] },
  { route: 'PATCH /api/v1/missions/:missionId/quality-checks/:checkId',
    probe: (f) => ({ path: A(f, `/quality-checks/${f.checkA}`), body: probe }),                           expect: [400, 400, 404, 403, 403, 401, 401] },
  { route: 'DELETE /api/v1/missions/:missionId/quality-checks/:checkId',
    probe: async (f) => ({ path: A(f, `/quality-checks/${await f.fresh.check()}`) }),                    expect: [204, 204, 404, 403, 403, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId/review-queue', probe: (f) => ({ path: A(f, '/review-queue') }), expect: [200, 200, 404, 200, 403, 401, 401] },

  { route: 'GET /api/v1/missions/:missionId/checklists', probe: (f) => ({ path: A(f, '/checklists') }),  expect: [200, 200, 404, 200, 200, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId/checklists/:stage', probe: (f) => ({ path: A(f, '/checklists/opening') }), expect: [200, 200, 404, 200, 200, 401, 401] },
  { route: 'PUT /api/v1/missions/:missionId/checklists/:stage',
    probe: (f) => ({ path: A(f, '/checklists/opening'), body: probe }),                                   expect: [400, 400, 404, 403, 403, 401, 401] },

  { route: 'POST /api/v1/missions/:missionId/deployments', probe: (f) => ({ path: A(f, '/deployments'), body: probe }), expect: [400, 400, 404, 403, 403, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId/deployments', probe: (f) => ({ path: A(f, '/deployments') }), expect: [200, 200, 404, 200, 200, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId/deployments/:deploymentId', variant: "the observer's team's",
    probe: (f) => ({ path: A(f, `/deployments/${f.deploymentOwn}`) }),                                   expect: [200, 200, 404, 200, 200, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId/deployments/:deploymentId', variant: "another team's",
    probe: (f) => ({ path: A(f, `/deployments/${f.deploymentOther}`) }),                                 expect: [200, 200, 404, 200, 404, 401, 401] },
  { route: 'PATCH /api/v1/missions/:missionId/deployments/:deploymentId',
    probe: (f) => ({ path: A(f, `/deployments/${f.deploymentOwn}`), body: probe }),                      expect: [400, 400, 404, 403, 403, 401, 401] },
  { route: 'DELETE /api/v1/missions/:missionId/deployments/:deploymentId',
    probe: async (f) => ({ path: A(f, `/deployments/${await f.fresh.deployment()}`) }),                  expect: [204, 204, 404, 403, 403, 401, 401] },

  { route: 'POST /api/v1/missions/:missionId/events', probe: (f) => ({ path: A(f, '/events'), body: probe }), expect: [400, 400, 404, 403, 400, 401, 401] },
  { route: 'POST /api/v1/missions/:missionId/events/import',
    probe: (f) => ({ path: A(f, '/events/import'), body: badCsv, csv: true }),                            expect: [400, 400, 404, 403, 403, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId/events', probe: (f) => ({ path: A(f, '/events') }),          expect: [200, 200, 404, 200, 200, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId/events/:eventId', variant: 'reported by the observer',
    probe: (f) => ({ path: A(f, `/events/${f.eventOwn}`) }),                                              expect: [200, 200, 404, 200, 200, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId/events/:eventId', variant: 'reported by someone else',
    probe: (f) => ({ path: A(f, `/events/${f.eventOther}`) }),                                            expect: [200, 200, 404, 200, 404, 401, 401] },
  { route: 'PATCH /api/v1/missions/:missionId/events/:eventId', variant: 'reported by the observer',
    probe: (f) => ({ path: A(f, `/events/${f.eventOwn}`), body: probe }),                                 expect: [400, 400, 404, 403, 400, 401, 401] },
  { route: 'PATCH /api/v1/missions/:missionId/events/:eventId', variant: 'reported by someone else',
    probe: (f) => ({ path: A(f, `/events/${f.eventOther}`), body: { description: 'Edited' } }),          expect: [200, 200, 404, 403, 404, 401, 401] },
  { route: 'DELETE /api/v1/missions/:missionId/events/:eventId', variant: 'reported by the observer',
    probe: async (f) => ({ path: A(f, `/events/${await f.fresh.ownEvent()}`) }),                         expect: [204, 204, 404, 403, 204, 401, 401] },
  { route: 'DELETE /api/v1/missions/:missionId/events/:eventId', variant: 'reported by someone else',
    probe: async (f) => ({ path: A(f, `/events/${await f.fresh.otherEvent()}`) }),                       expect: [204, 204, 404, 403, 404, 401, 401] },
  { route: 'POST /api/v1/missions/:missionId/events/:eventId/status',
    probe: (f) => ({ path: A(f, `/events/${f.eventOwn}/status`), body: probe }),                          expect: [400, 400, 404, 403, 403, 401, 401] },
  { route: 'POST /api/v1/missions/:missionId/events/:eventId/review',
    probe: (f) => ({ path: A(f, `/events/${f.eventOwn}/review`), body: probe }),                          expect: [400, 400, 404, 403, 403, 401, 401] },

  { route: 'GET /api/v1/missions/:missionId/summary', probe: (f) => ({ path: A(f, '/summary') }),        expect: [200, 200, 404, 200, 403, 401, 401] },
  { route: 'GET /api/v1/missions/:missionId/audit', probe: (f) => ({ path: A(f, '/audit') }),            expect: [200, 200, 404, 403, 403, 401, 401] },
];
