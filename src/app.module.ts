import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { buildDataSourceOptions, openDataSource } from './database';
import { DbType, EnvironmentVariables, validateEnv } from './config/env.validation';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { MissionsModule } from './missions/missions.module';
import { SummariesModule } from './summaries/summaries.module';
import { ChecklistsModule } from './checklists/checklists.module';
import { DeploymentsModule } from './deployments/deployments.module';
import { ElectionEventsModule } from './election-events/election-events.module';
import { ReviewModule } from './review/review.module';
import { SeedModule } from './seed/seed.module';
import { ObserversModule } from './observers/observers.module';
import { TeamsModule } from './teams/teams.module';
import { PollingStationsModule } from './polling-stations/polling-stations.module';
import { ConsoleModule } from './console/console.module';

/** Settings a caller (a test, the CLI) puts over the process environment. */
export type SettingsOverrides = Partial<Record<keyof EnvironmentVariables, string>>;

@Module({})
export class AppModule {
  /**
   * The whole application. `overrides` lets each e2e test and CLI command choose its own database
   * without touching process.env, which every module in the process shares.
   */
  static forRoot(overrides: SettingsOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          // Validated in a loader rather than by `validate`, which would also copy every setting
          // into process.env, where the next app built in the same process (an e2e test's) would
          // inherit the ones it does not set itself (CORS_ORIGINS did).
          load: [() => ({ ...validateEnv({ ...process.env, ...overrides }) })],
          skipProcessEnv: true,
        }),
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            ...buildDataSourceOptions({
              DB_TYPE: config.getOrThrow<DbType>('DB_TYPE'),
              DATABASE_PATH: config.getOrThrow<string>('DATABASE_PATH'),
              DATABASE_URL: config.get<string>('DATABASE_URL'),
            }),
            // Pending migrations run at start, so `npm start` on an old database brings it up to date.
            migrationsRun: true,
          }),
          dataSourceFactory: (options?: DataSourceOptions) => openDataSource(options!),
        }),
        DatabaseModule,
        AuditModule,
        AuthModule,
        IdempotencyModule,
        MissionsModule,
        SummariesModule,
        ChecklistsModule,
        DeploymentsModule,
        ElectionEventsModule,
        ReviewModule,
        SeedModule,
        ObserversModule,
        TeamsModule,
        PollingStationsModule,
        ConsoleModule,
      ],
      controllers: [HealthController],
    };
  }
}
