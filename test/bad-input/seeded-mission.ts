import type { TestApp } from '../app';
import { eventBody } from '../factories/event.factory';
import { missionBody } from '../factories/mission.factory';
import { observerBody } from '../factories/observer.factory';
import { stationBody } from '../factories/station.factory';
import { teamBody } from '../factories/team.factory';
import { routeKey, type ApiRoute } from './api-routes';

/**
 * One active mission with a row of every kind, whose ids fill the routes' {parameters}, and a
 * valid body for every JSON route: a bad value put into a valid body reaches the code past
 * validation that a wholly random body never does.
 */
export interface SeededMission {
  /** The values of the routes' path parameters. */
  params: Record<string, string | number>;
  missionId: number;
  stationId: number;
  teamId: number;
  observerId: number;
  eventId: number;
  userId: number;
  deploymentId: number;
}

/** The stage whose checklist the seed replaces with one optional question, QUESTION. */
export const VISIT_STAGE = 'voting';
export const QUESTION = 'queue_orderly';
/** The seeded station, as the events import's rows name it. */
const SEEDED_STATION = { constituency: 'ZAZ 1', code: 'SEEDED-1' };

export async function seedMission(t: TestApp): Promise<SeededMission> {
  const created = async (path: string, body: object): Promise<number> => {
    const res = await t.http().post(`/api/v1${path}`).send(body);
    if (res.status !== 201) throw new Error(`Seeding ${path}: ${res.status} ${res.text}`);
    return (res.body as { id: number }).id;
  };
  const missionId = await created('/missions', missionBody({ status: 'active' } as never));
  const inMission = (path: string) => `/missions/${missionId}${path}`;
  const stationId = await created(
    inMission('/polling-stations'),
    stationBody({ constituencyCode: SEEDED_STATION.constituency, code: SEEDED_STATION.code }),
  );
  const teamId = await created(inMission('/teams'), teamBody());
  const observerId = await created(inMission('/observers'), observerBody());
  const eventId = await created(inMission('/events'), incidentBody(stationId));
  const deploymentId = await created(inMission('/deployments'), deploymentWindow(0, stationId, observerId));
  await t
    .http()
    .put(`/api/v1${inMission(`/checklists/${VISIT_STAGE}`)}`)
    .send(checklistBody())
    .expect(200);
  const checkId = await created(inMission('/quality-checks'), {
    stage: VISIT_STAGE,
    name: 'Seeded check',
    severity: 'warning',
    condition: 'voters_voted > 100',
  });
  const user = await t.createUser('coordinator', { missionIds: [missionId] });
  return {
    params: {
      missionId,
      stationId,
      teamId,
      observerId,
      eventId,
      userId: user.id,
      deploymentId,
      checkId,
      stage: VISIT_STAGE,
    },
    missionId,
    stationId,
    teamId,
    observerId,
    eventId,
    userId: user.id,
    deploymentId,
  };
}

export function incidentBody(pollingStationId: number) {
  return {
    type: 'incident',
    occurredAt: '2024-02-07T10:00:00+04:00',
    title: 'Queue',
    category: 'procedural',
    severity: 'low',
    pollingStationId,
  };
}

function checklistBody() {
  return {
    questions: [
      { code: QUESTION, text: 'Was the queue orderly?', type: 'yes_no', required: false, negativeAnswers: ['no'] },
      { code: 'remarks', text: 'Remarks', type: 'text' },
    ],
  };
}

/** A one-second deployment of the observer, the `n`th of election day: each `n` its own window, so none overlap. */
function deploymentWindow(n: number, pollingStationId: number, observerId: number) {
  const at = (second: number) => new Date(Date.UTC(2024, 1, 7, 3, 0, second)).toISOString();
  return { observerId, pollingStationId, stages: ['voting'], startsAt: at(2 * n), endsAt: at(2 * n + 1) };
}

let serial = 0;

/**
 * A body each JSON route takes (2xx), made anew for each call so unique codes and deployment
 * windows do not collide. A JSON route missing here fails the properties: add its body.
 */
const VALID_BODIES: Record<string, (s: SeededMission) => object> = {
  'POST /api/v1/users': (s) => ({ name: `Fuzz user ${++serial}`, role: 'coordinator', missionIds: [s.missionId] }),
  'PATCH /api/v1/users/{userId}': () => ({ name: `Renamed user ${++serial}` }),
  'POST /api/v1/missions': () => missionBody({ name: `Mission ${++serial}` }),
  'PATCH /api/v1/missions/{missionId}': () => ({ name: `Renamed mission ${++serial}` }),
  'PUT /api/v1/missions/{missionId}/checklists/{stage}': () => checklistBody(),
  'POST /api/v1/missions/{missionId}/deployments': (s) => deploymentWindow(++serial, s.stationId, s.observerId),
  'PATCH /api/v1/missions/{missionId}/deployments/{deploymentId}': () => ({ stages: ['voting'] }),
  'POST /api/v1/missions/{missionId}/events': (s) =>
    ++serial % 2
      ? eventBody({ title: `Meeting ${serial}` })
      : {
          type: 'station_visit',
          occurredAt: '2024-02-07T10:00:00+04:00',
          title: `Visit ${serial}`,
          pollingStationId: s.stationId,
          stage: VISIT_STAGE,
          answers: { [QUESTION]: 'yes', remarks: `Calm ${serial}` },
        },
  'PATCH /api/v1/missions/{missionId}/events/{eventId}': () => ({ title: `Renamed event ${++serial}` }),
  'POST /api/v1/missions/{missionId}/events/{eventId}/status': () => ({ status: 'escalated', note: 'Sent on' }),
  'POST /api/v1/missions/{missionId}/quality-checks': () => ({
    stage: 'voting',
    name: `Fuzz check ${++serial}`,
    severity: 'warning',
    condition: 'voters_voted > 100',
  }),
  'PATCH /api/v1/missions/{missionId}/quality-checks/{checkId}': () => ({ name: `Renamed check ${++serial}` }),
  'POST /api/v1/missions/{missionId}/events/{eventId}/review': () => ({ state: 'flagged', note: 'Check the numbers' }),
  'POST /api/v1/missions/{missionId}/observers': () => observerBody(),
  'PATCH /api/v1/missions/{missionId}/observers/{observerId}': () => ({ fullName: `Renamed Observer ${++serial}` }),
  'POST /api/v1/missions/{missionId}/teams': () => teamBody(),
  'PATCH /api/v1/missions/{missionId}/teams/{teamId}': () => ({ area: `Renamed area ${++serial}` }),
  'POST /api/v1/missions/{missionId}/polling-stations': () => stationBody(),
  'PATCH /api/v1/missions/{missionId}/polling-stations/{stationId}': () => ({ name: `Renamed station ${++serial}` }),
};

export function validBody(route: ApiRoute, s: SeededMission): Record<string, unknown> {
  const make = VALID_BODIES[routeKey(route)];
  if (!make) throw new Error(`No valid body for ${routeKey(route)}: add one to VALID_BODIES`);
  return make(s) as Record<string, unknown>;
}

/** A valid file for each CSV import, and the column of free text in it. */
const VALID_FILES: Record<string, () => { header: string[]; row: string[] }> = {
  'POST /api/v1/missions/{missionId}/polling-stations/import': () => ({
    header: ['constituency', 'code', 'name'],
    row: ['01', `I${++serial}`, `Imported school ${serial}`],
  }),
  'POST /api/v1/missions/{missionId}/observers/import': () => ({
    header: ['full_name', 'role', 'nationality'],
    row: [`Imported Observer ${++serial}`, 'sto', 'TR'],
  }),
  'POST /api/v1/missions/{missionId}/events/import': () => ({
    header: ['constituency', 'station', 'stage', 'occurred_at', QUESTION, 'remarks'],
    row: [
      SEEDED_STATION.constituency,
      SEEDED_STATION.code,
      VISIT_STAGE,
      '2024-02-07T10:00:00+04:00',
      'yes',
      `Imported remark ${++serial}`,
    ],
  }),
};

export function validFile(route: ApiRoute): { header: string[]; row: string[] } {
  const make = VALID_FILES[routeKey(route)];
  if (!make) throw new Error(`No valid file for ${routeKey(route)}: add one to VALID_FILES`);
  return make();
}

/**
 * Where a 2xx write of `path` is read back, or null when its answer is not the resource: an
 * import answers counts, a token rotation a token that is shown once.
 */
export function readBackPath(method: string, path: string, answer: unknown): string | null {
  const bare = path.split('?')[0].replace(/\/+$/, '');
  if (/\/(import|token)$/.test(bare) || typeof answer !== 'object' || answer === null) return null;
  // An incident's status and a report's review answer the event itself.
  if (/\/(status|review)$/.test(bare)) return bare.replace(/\/(status|review)$/, '');
  const id = (answer as { id?: unknown }).id;
  if (method === 'POST') return typeof id === 'number' ? `${bare}/${id}` : null;
  return bare;
}
