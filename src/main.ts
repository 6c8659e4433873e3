import 'reflect-metadata';
import { INestApplication, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { EnvironmentVariables, logLevelsUpTo } from './config/env.validation';
import { APP_OPTIONS, configureApp, createHttpAdapter } from './app.setup';
import { listenOn } from './common/http/listen';
import { AdminBootstrap } from './auth/admin-bootstrap.service';
import { localUrl, startupBanner } from './common/startup/banner';
import { StartupLogger } from './common/startup/startup-logger';

let app: INestApplication | undefined;

async function bootstrap(): Promise<void> {
  const nest = await NestFactory.create(AppModule.forRoot(), createHttpAdapter(), { ...APP_OPTIONS, bufferLogs: true });
  app = nest;
  const config = nest.get(ConfigService);
  nest.useLogger(new StartupLogger(logLevelsUpTo(config.getOrThrow<EnvironmentVariables['LOG_LEVEL']>('LOG_LEVEL'))));
  configureApp(nest);
  const port = config.getOrThrow<number>('PORT');
  const logger = new Logger('Bootstrap');
  // Said explicitly: Fastify would listen on localhost alone.
  const host = await listenOn(
    (p, address) => nest.listen(p, address),
    port,
    config.getOrThrow<string>('HOST'),
    (m) => logger.warn(m),
  );
  logger.log(`Listening on ${host} port ${port}`);
  const base = localUrl(host, port);
  // Not through the Logger, so a quiet LOG_LEVEL cannot swallow the token nobody could log in without.
  console.log(
    startupBanner({
      consoleUrl: `${base}/`,
      apiUrl: `${base}/api/v1`,
      adminToken: nest.get(AdminBootstrap).createdToken,
    }),
  );
}

bootstrap().catch((error: Error) => {
  // A bad environment variable lands here: say which and stop, without a stack trace to dig through.
  console.error(error.message);
  // A first admin made before the failure (the port was taken, say) still needs its token shown.
  const token = app?.get(AdminBootstrap, { strict: false }).createdToken;
  if (token) console.error(`The first admin's API token, shown only this once: ${token}`);
  process.exit(1);
});
