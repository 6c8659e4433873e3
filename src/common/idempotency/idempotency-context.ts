import { RequestContext, RequestContextData } from '../request-context';
import { IdempotentOutcome, IdempotentRequest } from './idempotency.service';

/** What the guard hands the service for one HTTP request, and what the service hands back. */
export interface IdempotencyState {
  request: IdempotentRequest;
  outcome?: IdempotentOutcome<unknown>;
  /** Puts the outcome on the HTTP answer (a replay's status and header). */
  answer: (outcome: IdempotentOutcome<unknown>) => void;
}

// Kept beside the request's context rather than in it: only idempotent routes ever need it.
const states = new WeakMap<RequestContextData, IdempotencyState>();

export const IdempotencyContext = {
  begin(request: IdempotentRequest, answer: IdempotencyState['answer']): IdempotencyState {
    const store = RequestContext.current();
    if (!store) throw new Error('Idempotency needs a request context (installRequestContext)');
    const state: IdempotencyState = { request, answer };
    states.set(store, state);
    return state;
  },
  current(): IdempotencyState | undefined {
    const store = RequestContext.current();
    return store ? states.get(store) : undefined;
  },
  /** The service's outcome for the request of `state`, put on its answer. */
  settle(state: IdempotencyState, outcome: IdempotentOutcome<unknown>): void {
    state.outcome = outcome;
    state.answer(outcome);
  },
};
