import { randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext, Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Who a user is in the tracker; what each may do is in src/auth/access-policy.ts. */
export const USER_ROLES = ['admin', 'coordinator', 'analyst', 'observer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

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
  /** Set by the access guard once the token is checked. */
  actor?: RequestActor;
}

/**
 * Who is asking, handed explicitly to every service method that checks access or writes an audit
 * entry: the controller takes it with `@CurrentCaller()`, the CLI and the seed make their own.
 *
 * Not an AsyncLocalStorage: keeping one for every request made Node run a hook on every promise
 * created anywhere in the process, a measurable share of a visit's CPU (docs/write-path.md).
 * Explicit also means a call that forgets it does not compile, where a missing store used to read
 * as the all-powerful system.
 */
export interface Caller {
  readonly requestId: string;
  readonly actor: RequestActor;
}

/** The caller for work the system does on its own behalf (seed, CLI), trusted like an admin. */
export function systemCaller(name: string, requestId: string = randomUUID()): Caller {
  return { requestId, actor: { userId: null, name } };
}

const accessLog = new Logger('HTTP');
const CONTEXT = Symbol('requestContext');

type WithContext = FastifyRequest & { [CONTEXT]?: RequestContextData };

/**
 * Gives every request its context (its id, later its actor) and an access-log line. The log line
 * is written for every answer, including those Fastify gives before any handler (a body too large
 * or not parseable).
 */
export function installRequestContext(app: FastifyInstance): void {
  app.addHook('onRequest', (req: WithContext, reply, done) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    req[CONTEXT] = { requestId };
    void reply.header('X-Request-Id', requestId);
    done();
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

/** The request's context, made when it arrived (installRequestContext). */
export function requestContextOf(req: FastifyRequest): RequestContextData {
  const withContext = req as WithContext;
  return (withContext[CONTEXT] ??= { requestId: randomUUID() });
}

/**
 * The caller of a guarded route, for the handler to hand to its service. The access guard has set
 * the actor by then on every route but @Public() ones, which have no caller to give.
 */
export function callerOf(req: FastifyRequest): Caller {
  const context = requestContextOf(req);
  if (!context.actor) throw new Error('No caller: the route is public or the access guard did not run');
  return context as Caller;
}

export const CurrentCaller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Caller =>
  callerOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
