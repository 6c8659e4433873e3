import { RequestContext, RequestContextData } from '../request-context';
import { IdempotentOutcome, IdempotentRequest } from './idempotency.service';

/** What the interceptor hands the service for one HTTP request, and what the service hands back. */
export interface IdempotencyState {
  request: IdempotentRequest;
  outcome?: IdempotentOutcome<unknown>;
}

// Kept beside the request's context rather than in it: only idempotent routes ever need it.
const states = new WeakMap<RequestContextData, IdempotencyState>();

export const IdempotencyContext = {
  begin(request: IdempotentRequest): IdempotencyState {
    const store = RequestContext.current();
    if (!store) throw new Error('Idempotency needs a request context (requestContextMiddleware)');
    const state: IdempotencyState = { request };
    states.set(store, state);
    return state;
  },
  current(): IdempotencyState | undefined {
    const store = RequestContext.current();
    return store ? states.get(store) : undefined;
  },
};
