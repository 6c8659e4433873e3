import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { API_PREFIX } from '../src/app.setup';
import { ACTION_KEY, PUBLIC_KEY } from '../src/access/permissions';
import { TestApp } from './app';
import { deploymentBody } from './factories/deployment.factory';
import { eventBody } from './factories/event.factory';
import { missionBody } from './factories/mission.factory';
import { observerBody } from './factories/observer.factory';
import { stationBody } from './factories/station.factory';
import { teamBody } from './factories/team.factory';

/** Rows the access table refers to, in mission A unless named otherwise. */
export interface Fixtures {
  missionA: number;
  missionB: number;
  obsA: number;
  /** An observer of mission A in team `teamA2`, another team than `obsA`'s. */
  obsA2: number;
  teamA: number;
  teamA2: number;
  stationA: number;
  /** One of mission A's quality checks (a default one). */
  checkA: number;
  deploymentOwn: number;
  deploymentOther: number;
  eventOwn: number;
  eventOther: number;
  targetUser: number;
  tokens: { admin: string; coordinator: string; coB: string; analyst: string; observer: string };
  /** A new row per call, for deletes. */
  fresh: Record<
    'mission' | 'user' | 'observer' | 'team' | 'station' | 'deployment' | 'ownEvent' | 'otherEvent' | 'check',
    () => Promise<number>
  >;
}

export async function buildFixtures(t: TestApp): Promise<Fixtures> {
  const created = async (path: string, body: object, token = t.adminToken): Promise<number> => {
    const res = await t.as(token).post(path).send(body);
    if (res.status !== 201) throw new Error(`fixture ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as number;
  };
  const missionA = await created('/api/v1/missions', missionBody({ name: 'Mission A' }));
  const missionB = await created('/api/v1/missions', missionBody({ name: 'Mission B' }));
  const inA = (rest: string) => `/api/v1/missions/${missionA}${rest}`;
  const teamA = await created(inA('/teams'), teamBody());
  const teamA2 = await created(inA('/teams'), teamBody());
  const obsA = await created(inA('/observers'), observerBody({ teamId: teamA }));
  const obsA2 = await created(inA('/observers'), observerBody({ teamId: teamA2 }));
  const stationA = await created(inA('/polling-stations'), stationBody());
  const deploymentOwn = await created(
    inA('/deployments'),
    deploymentBody({ teamId: teamA, pollingStationId: stationA }),
  );
  const deploymentOther = await created(
    inA('/deployments'),
    deploymentBody({ teamId: teamA2, pollingStationId: stationA }),
  );

  const coordinator = await t.createUser('coordinator', { missionIds: [missionA] });
  const coB = await t.createUser('coordinator', { missionIds: [missionB] });
  const analyst = await t.createUser('analyst', { missionIds: [missionA] });
  const observer = await t.createUser('observer', { observerId: obsA });
  const targetUser = (await t.createUser('analyst', { missionIds: [missionB] })).id;

  const eventOwn = await created(inA('/events'), eventBody({ title: 'Own report' }), observer.token);
  const eventOther = await created(inA('/events'), eventBody({ title: 'Someone else' }));

  let checkSerial = 0;
  const checkA = (await t.as(t.adminToken).get(inA('/quality-checks')).expect(200)).body.items[0].id as number;
  const fresh: Fixtures['fresh'] = {
    mission: async () => {
      const id = await created('/api/v1/missions', missionBody({ name: 'Fresh mission' }));
      for (const u of [coordinator, analyst]) {
        const { body } = await t.http().get(`/api/v1/users/${u.id}`).expect(200);
        await t
          .http()
          .patch(`/api/v1/users/${u.id}`)
          .send({ missionIds: [...body.missionIds, id] })
          .expect(200);
      }
      return id;
    },
    user: async () => (await t.createUser('analyst', { missionIds: [missionB] })).id,
    observer: () => created(inA('/observers'), observerBody()),
    check: () =>
      created(inA('/quality-checks'), {
        stage: 'voting',
        name: `Fresh check ${++checkSerial}`,
        severity: 'warning',
        condition: 'voters_voted > 1000',
      }),
    team: () => created(inA('/teams'), teamBody()),
    station: () => created(inA('/polling-stations'), stationBody()),
    deployment: async () =>
      created(
        inA('/deployments'),
        deploymentBody({ teamId: null, observerId: await fresh.observer(), pollingStationId: stationA }),
      ),
    ownEvent: () => created(inA('/events'), eventBody({ title: 'Own, to delete' }), observer.token),
    otherEvent: () => created(inA('/events'), eventBody({ title: 'Theirs, to delete' })),
  };

  return {
    missionA,
    missionB,
    obsA,
    obsA2,
    teamA,
    teamA2,
    stationA,
    checkA,
    deploymentOwn,
    deploymentOther,
    eventOwn,
    eventOther,
    targetUser,
    tokens: {
      admin: t.adminToken,
      coordinator: coordinator.token,
      coB: coB.token,
      analyst: analyst.token,
      observer: observer.token,
    },
    fresh,
  };
}

export interface ObserverUser {
  observerId: number;
  userId: number;
  token: string;
}

/**
 * A new observer record in mission A (in `teamId`, or in no team) and the observer user that
 * speaks for it, for tests that change or delete the record without touching the fixtures' own.
 */
export async function freshObserverUser(t: TestApp, f: Fixtures, teamId: number | null = null): Promise<ObserverUser> {
  const res = await t.http().post(`/api/v1/missions/${f.missionA}/observers`).send(observerBody({ teamId }));
  if (res.status !== 201) throw new Error(`fixture observer: ${res.status} ${JSON.stringify(res.body)}`);
  const user = await t.createUser('observer', { observerId: res.body.id });
  return { observerId: res.body.id as number, userId: user.id, token: user.token };
}

export interface RegisteredRoute {
  route: string;
  handler: string;
  action?: string;
  isPublic: boolean;
}

/** Every route the app registered, as `METHOD /full/path/:param`, read from Nest's own metadata. */
export function registeredRoutes(app: INestApplication): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const join = (...parts: string[]) =>
    '/' +
    parts
      .flatMap((p) => p.split('/'))
      .filter(Boolean)
      .join('/');
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const base = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat()[0] as string;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const fn = proto[name];
        if (name === 'constructor' || typeof fn !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod | undefined;
        if (method === undefined) continue;
        const sub = [Reflect.getMetadata(PATH_METADATA, fn) ?? ''].flat()[0] as string;
        // Mirrors app.setup: everything under the API prefix except the health check.
        const prefix = base === 'health' ? '' : API_PREFIX;
        routes.push({
          route: `${RequestMethod[method]} ${join(prefix, base, sub)}`,
          handler: `${controller.name}.${name}`,
          action: Reflect.getMetadata(ACTION_KEY, fn),
          isPublic: !!(Reflect.getMetadata(PUBLIC_KEY, fn) ?? Reflect.getMetadata(PUBLIC_KEY, controller)),
        });
      }
    }
  }
  return routes;
}
