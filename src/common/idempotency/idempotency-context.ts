import { Caller } from '../request-context';
import { IdempotentOutcome, IdempotentRequest } from './idempotency.service';

/** What the guard hands the service for one HTTP request, and what the service hands back. */
export interface IdempotencyState {
  request: IdempotentRequest;
  outcome?: IdempotentOutcome<unknown>;
  /** Puts the outcome on the HTTP answer (a replay's status and header). */
  answer: (outcome: IdempotentOutcome<unknown>) => void;
}

// Kept beside the request's caller rather than in it: only idempotent routes ever need it.
const states = new WeakMap<Caller, IdempotencyState>();

export const IdempotencyContext = {
  begin(caller: Caller, request: IdempotentRequest, answer: IdempotencyState['answer']): IdempotencyState {
    const state: IdempotencyState = { request, answer };
    states.set(caller, state);
    return state;
  },
  /** The key the caller's request carries, if any (none for the CLI). */
  of(caller: Caller): IdempotencyState | undefined {
    return states.get(caller);
  },
  /** The service's outcome for the request of `state`, put on its answer. */
  settle(state: IdempotencyState, outcome: IdempotentOutcome<unknown>): void {
    state.outcome = outcome;
    state.answer(outcome);
  },
};
