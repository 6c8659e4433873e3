import { applyDecorators, CanActivate, ExecutionContext, Injectable, Logger, UseGuards } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { callerOf } from '../request-context';
import { IdempotencyContext } from './idempotency-context';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  idempotencyScope,
  parseIdempotencyKey,
} from './idempotency-key';

/**
 * Reads the Idempotency-Key header of an `@Idempotent()` route and hands it to the service beside
 * the request's caller; `IdempotencyService` keeps the answer in the write's own transaction. A
 * malformed key is refused here (400), before any work. On a replay the answer gets the first
 * status and the `Idempotent-Replayed: true` header.
 *
 * A route guard rather than an interceptor: it runs after the access guard (so the user is known)
 * and costs a plain call, where each interceptor wraps the handler in observables and binds it to
 * an async resource, a measurable share of a station visit's CPU.
 */
@Injectable()
export class IdempotencyGuard implements CanActivate {
  private readonly logger = new Logger('Idempotency');

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const raw = req.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
    if (raw === undefined) return true;
    const key = parseIdempotencyKey(raw);
    const path = req.url.split('?')[0];
    const reply = http.getResponse<FastifyReply>();
    const caller = callerOf(req);
    const state = IdempotencyContext.begin(
      caller,
      {
        scope: idempotencyScope(caller.actor.userId, req.method, path),
        key,
        requestBody: { query: req.query, body: req.body },
      },
      (outcome) => {
        if (outcome.replayed) void reply.status(outcome.status).header(IDEMPOTENT_REPLAYED_HEADER, 'true');
      },
    );
    reply.raw.once('finish', () => {
      if (!state.outcome && reply.statusCode < 400) {
        this.logger.error(`${req.method} ${path} is @Idempotent() but its service ignored the key`);
      }
    });
    return true;
  }
}

/** Marks a create route as safe to re-send; its service must write through IdempotencyService. */
export const Idempotent = () =>
  applyDecorators(
    UseGuards(IdempotencyGuard),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        'Any unique string (1-200 printable characters), e.g. a UUID. Re-sending the same request with the same key ' +
        'within 7 days answers the first response (header Idempotent-Replayed: true) and stores nothing new; the same ' +
        'key with another body is 422.',
    }),
  );
