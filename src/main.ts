import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { EnvironmentVariables, logLevelsUpTo } from './config/env.validation';
import { APP_OPTIONS, configureApp, createHttpAdapter } from './app.setup';
import { listenOn } from './common/http/listen';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule.forRoot(), createHttpAdapter(), { ...APP_OPTIONS, bufferLogs: true });
  await configureApp(app);
  const config = app.get(ConfigService);
  app.useLogger(logLevelsUpTo(config.getOrThrow<EnvironmentVariables['LOG_LEVEL']>('LOG_LEVEL')));
  const port = config.getOrThrow<number>('PORT');
  const logger = new Logger('Bootstrap');
  // Said explicitly: Fastify would listen on localhost alone.
  const host = await listenOn(
    (p, address) => app.listen(p, address),
    port,
    config.getOrThrow<string>('HOST'),
    (m) => logger.warn(m),
  );
  logger.log(`eom-tracker listening on ${host} port ${port}: http://localhost:${port} (API /api/v1, docs /docs)`);
}

bootstrap().catch((error: Error) => {
  // A bad environment variable lands here: say which and stop, without a stack trace to dig through.
  console.error(error.message);
  process.exit(1);
});
