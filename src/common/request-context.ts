import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
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

export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const requestId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', requestId);
  const started = process.hrtime.bigint();
  const data: RequestContextData = { requestId };
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // The path only: query strings may carry searched names, and headers and bodies carry tokens
    // and personal data, none of which belongs in a log.
    const path = (req.originalUrl ?? req.url).split('?')[0];
    const user = data.actor?.userId ? ` user=${data.actor.userId}` : '';
    accessLog.log(`${requestId} ${req.method} ${path} ${res.statusCode} ${ms.toFixed(1)}ms${user}`);
  });
  storage.run(data, next);
}
