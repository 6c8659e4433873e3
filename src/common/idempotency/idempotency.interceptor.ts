import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  Logger,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { RequestContext } from '../request-context';
import { IdempotencyContext } from './idempotency-context';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  idempotencyScope,
  parseIdempotencyKey,
} from './idempotency-key';

/**
 * Reads the Idempotency-Key header (guards have run, so the user is known) and hands it to the
 * service through the request context; the service's `IdempotencyService.transaction` keeps the
 * answer in the write's own transaction. On a replay this sets the first status and the
 * `Idempotent-Replayed: true` header.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const raw = req.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
    if (raw === undefined) return next.handle();
    const key = parseIdempotencyKey(raw);
    const path = req.url.split('?')[0];
    const state = IdempotencyContext.begin({
      scope: idempotencyScope(RequestContext.actor()?.userId, req.method, path),
      key,
      requestBody: { query: req.query, body: req.body as unknown },
    });
    return next.handle().pipe(
      map((body: unknown) => {
        if (!state.outcome) {
          this.logger.error(`${req.method} ${path} is @Idempotent() but its service ignored the key`);
        } else if (state.outcome.replayed) {
          const res = context.switchToHttp().getResponse<FastifyReply>();
          void res.status(state.outcome.status).header(IDEMPOTENT_REPLAYED_HEADER, 'true');
        }
        return body;
      }),
    );
  }
}

/** Marks a create route as safe to re-send; its service must write through IdempotencyService.transaction. */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        'Any unique string (1-200 printable characters), e.g. a UUID. Re-sending the same request with the same key ' +
        'within 7 days answers the first response (header Idempotent-Replayed: true) and stores nothing new; the same ' +
        'key with another body is 422.',
    }),
  );
