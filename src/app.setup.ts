import { BadRequestException, INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrorsFilter, BodyLimits } from './common/api-errors.filter';
import { installInputChecks, namingRefusedKeys } from './common/http/input-checks';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './common/http/json-depth';
import { parseQueryString } from './common/http/query-string';
import { installSecurityHeaders } from './common/http/security-headers';
import { installRequestContext } from './common/request-context';
import { createValidationPipe } from './common/validation';
import { parseByteSize } from './config/byte-size';

export const API_PREFIX = 'api/v1';

/** The content types the CSV imports accept, as text. */
const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv'];

/**
 * Fastify types a body parser as either kind, (req, body, done) => void or (req, body) => Promise;
 * its default JSON parser is the callback kind (it calls done and returns nothing).
 */
type CallbackBodyParser = (
  req: FastifyRequest,
  body: string,
  done: (error: Error | null, body?: unknown) => void,
) => void;

/**
 * The HTTP server under the app: Fastify, for its per-request cost (a bare Nest route costs less
 * than half of what it did on Express; see docs/write-path.md). Used by main.ts and by every
 * e2e test. Where the two differ, the API keeps what it answered on Express: query strings are
 * parsed by qs, so `?a[b]=1` and repeated keys read as before, and a trailing slash names the
 * same route. No middie: the app has no Express-style middleware; the request context and
 * security headers are Fastify hooks, which cost less per request.
 */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    skipMiddie: true,
    // A URL the router cannot decode is the client's error: a 400 the app's error filter words.
    frameworkErrors: (error: Error, _req: FastifyRequest, reply: FastifyReply) =>
      void reply.send(new BadRequestException(error.message)),
    routerOptions: {
      ignoreTrailingSlash: true,
      querystringParser: parseQueryString,
    },
  });
}

/** Options for NestFactory.create and createNestApplication: the body parsers are configureApp's. */
export const APP_OPTIONS = { bodyParser: false } as const;

/**
 * Body parsers with the configured limits. A body over its limit is 413 and one that is not
 * JSON is 400, both in the API's error shape (Nest's error handler maps Fastify's errors). An
 * empty JSON body reads as {}, and a JSON body must be an object or an array (as Express's parser
 * had it: a bare string or number is refused, not handed to validation).
 */
function registerBodyParsers(fastify: FastifyInstance, limits: BodyLimits): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error') as CallbackBodyParser;
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: parseByteSize(limits.json) },
    (req: FastifyRequest, text: string, done) => {
      const start = /\S/.exec(text)?.[0];
      if (start === undefined) return done(null, {});
      if (start !== '{' && start !== '[') {
        return done(new BadRequestException('A JSON body must be an object or an array'), undefined);
      }
      // Before parsing: what walks the parsed body afterwards (the validation pipe) is recursive.
      if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
        return done(
          new BadRequestException(`A JSON body must not nest arrays and objects deeper than ${MAX_JSON_DEPTH} levels`),
          undefined,
        );
      }
      parseJson(req, text, namingRefusedKeys(text, done));
    },
  );
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser(
    CSV_TYPES,
    { parseAs: 'string', bodyLimit: parseByteSize(limits.csv) },
    (_req, body, done) => done(null, body),
  );
}

/**
 * Everything that makes the app the app, beyond its modules: used by main.ts AND by every e2e
 * test, so the tests exercise what production runs.
 */
export function configureApp(app: INestApplication): INestApplication {
  const config = app.get(ConfigService);
  const server = app as NestFastifyApplication;
  const fastify = server.getHttpAdapter().getInstance();

  const limits = {
    json: config.getOrThrow<string>('JSON_BODY_LIMIT'),
    csv: config.getOrThrow<string>('CSV_BODY_LIMIT'),
  };
  registerBodyParsers(fastify, limits);
  installRequestContext(fastify);
  installInputChecks(fastify);
  installSecurityHeaders(fastify, {
    contentSecurityPolicy: {
      directives: {
        // Pages we serve (summary, docs) are self-contained: inline styles and SVG, no CDN.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
      },
    },
  });
  const origins = config.get<string>('CORS_ORIGINS');
  if (origins) {
    app.enableCors({ origin: origins.split(',').map((o) => o.trim()), credentials: false });
  }

  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiErrorsFilter(app.get(HttpAdapterHost).httpAdapter, limits));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('eom-tracker')
      .setDescription(
        'Election observation mission tracker: missions, observers, teams, polling stations, ' +
          'deployments, election events and mission summaries.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
