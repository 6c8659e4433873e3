import { STATUS_CODES } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { DatabaseErrorsFilter } from './common/database-errors.filter';
import { createValidationPipe } from './common/validation';

export const API_PREFIX = 'api/v1';

interface BodyParserError {
  type?: string;
  status?: number;
}

/**
 * A body too large (413) or not parseable (400) is the client's doing: answer it in the API's
 * error shape, without the stack trace and error log an unexpected error gets.
 */
function bodyParserErrors(jsonLimit: string, csvLimit: string) {
  return (error: BodyParserError, req: Request, res: Response, next: NextFunction): void => {
    const status = error?.status;
    if (typeof error?.type !== 'string' || !status || status < 400 || status >= 500) return next(error);
    const message =
      status === 413
        ? `Request body is larger than the limit (${req.is('json') ? `JSON ${jsonLimit}` : `CSV ${csvLimit}`})`
        : (error as Error).message;
    res.status(status).json({ statusCode: status, error: STATUS_CODES[status], message });
  };
}

/**
 * Everything that makes the app the app, beyond its modules: used by main.ts AND by every e2e
 * test, so the tests exercise what production runs.
 */
export function configureApp(app: INestApplication): INestApplication {
  const config = app.get(ConfigService);
  const express = app as NestExpressApplication;

  express.disable('x-powered-by');
  express.set('query parser', 'extended');
  express.useBodyParser('json', { limit: config.getOrThrow<string>('JSON_BODY_LIMIT') });
  express.useBodyParser('text', {
    type: ['text/csv', 'text/plain', 'application/csv'],
    limit: config.getOrThrow<string>('CSV_BODY_LIMIT'),
  });
  express.use(
    bodyParserErrors(config.getOrThrow<string>('JSON_BODY_LIMIT'), config.getOrThrow<string>('CSV_BODY_LIMIT')),
  );

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Pages we serve (summary, docs) are self-contained: inline styles and SVG, no CDN.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
        },
      },
    }),
  );
  const origins = config.get<string>('CORS_ORIGINS');
  if (origins) {
    app.enableCors({ origin: origins.split(',').map((o) => o.trim()), credentials: false });
  }

  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DatabaseErrorsFilter(app.get(HttpAdapterHost).httpAdapter));
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
