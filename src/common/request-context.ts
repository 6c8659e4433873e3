import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';

export interface RequestActor {
  userId: number | null;
  name: string;
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

export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const requestId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', requestId);
  storage.run({ requestId }, next);
}
