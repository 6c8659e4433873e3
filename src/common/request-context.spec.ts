import type { FastifyRequest } from 'fastify';
import { callerOf, requestContextOf, systemCaller } from './request-context';

const request = () => ({}) as FastifyRequest;

describe('request context', () => {
  it('gives a request one context, the same object on every ask', () => {
    const req = request();
    const first = requestContextOf(req);
    expect(first.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestContextOf(req)).toBe(first);
    expect(requestContextOf(request())).not.toBe(first);
  });

  it('has no caller before the access guard set the actor, and the context itself after', () => {
    const req = request();
    expect(() => callerOf(req)).toThrow(/No caller/);
    const context = requestContextOf(req);
    context.actor = { userId: 7, name: 'Coordinator', role: 'coordinator', missionIds: [1] };
    // The same object: the idempotency state is kept per caller, by identity.
    expect(callerOf(req)).toBe(context);
    expect(callerOf(req).actor.userId).toBe(7);
  });

  it("makes the system's caller without a role (full access) under the given name", () => {
    const cli = systemCaller('cli');
    expect(cli.actor).toEqual({ userId: null, name: 'cli' });
    expect(cli.actor.role).toBeUndefined();
    expect(systemCaller('seed', 'seed').requestId).toBe('seed');
    expect(systemCaller('cli').requestId).not.toBe(cli.requestId);
  });
});
