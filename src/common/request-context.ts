import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UserRole } from '../auth/entities/user.entity';

export interface RequestActor {
  userId: number | null;
  name: string;
  /** Absent for the system itself (CLI, seed), which is trusted like an admin. */
  role?: UserRole;
  /** Missions the user belongs to; ignored for admins, who belong to all. */
  missionIds?: number[];
  /** For role observer: the observer record the user reports as. */
  observerId?: number | null;
}

export interface RequestContextData {
  requestId: string;
  actor?: RequestActor;
}

const storage = new AsyncLocalStorage<RequestContextData>();

/**
 * Who is asking, for code far from the controller (the audit log, logs). Carried by
 * AsyncLocalStorage so services need not thread an actor argument through every call.
 */
export const RequestContext = {
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
  actor(): RequestActor | undefined {
    return storage.getStore()?.actor;
  },
  setActor(actor: RequestActor): void {
    const store = storage.getStore();
    if (store) store.actor = actor;
  },
  /** Runs `fn` with a context of its own (used by the HTTP middleware and the CLI). */
  run<T>(data: RequestContextData, fn: () => T): T {
    return storage.run(data, fn);
  },
};

const accessLog = new Logger('HTTP');
const CONTEXT = Symbol('requestContext');

type WithContext = FastifyRequest & { [CONTEXT]?: RequestContextData };

/**
 * Gives every request its context and an access-log line. The context is entered just before the
 * handler (preHandler), not when the request arrives: the body is read in between, and the
 * stream's events would carry the handler out of a context entered earlier. Guards, pipes,
 * interceptors and services all run inside it. The log line is written for every answer,
 * including those Fastify gives before any handler (a body too large or not parseable).
 */
export function installRequestContext(app: FastifyInstance): void {
  app.addHook('onRequest', (req: WithContext, reply, done) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    req[CONTEXT] = { requestId };
    void reply.header('X-Request-Id', requestId);
    done();
  });
  app.addHook('preHandler', (req: WithContext, _reply, done) => {
    storage.run(req[CONTEXT] ?? { requestId: randomUUID() }, done);
  });
  app.addHook('onResponse', (req: WithContext, reply, done) => {
    const data = req[CONTEXT];
    // The path only: query strings may carry searched names, and headers and bodies carry tokens
    // and personal data, none of which belongs in a log.
    const path = req.url.split('?')[0];
    const user = data?.actor?.userId ? ` user=${data.actor.userId}` : '';
    accessLog.log(
      `${data?.requestId ?? '-'} ${req.method} ${path} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms${user}`,
    );
    done();
  });
}
