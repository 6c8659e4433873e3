import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessGuard } from './access.guard';
import { AdminBootstrap } from './admin-bootstrap.service';
import { MissionsModule } from '../missions/missions.module';
import { Observer } from '../observers/entities/observer.entity';
import { User } from './entities/user.entity';
import { FAILED_AUTH_LIMIT_PER_MINUTE, FailedAuthLimiter } from './failed-auth-limiter';
import { MeController } from './me.controller';
import { TokenCacheModule } from '../access/token-cache';
import { UserTokensService } from './user-tokens.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { UsersStore } from './users.store';

const rateLimit = (config: ConfigService) => config.getOrThrow<number>('RATE_LIMIT_PER_MINUTE');

@Module({
  imports: [
    TypeOrmModule.forFeature([User, Observer]),
    MissionsModule,
    TokenCacheModule,
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const limit = rateLimit(config);
        return {
          throttlers: [{ name: 'default', ttl: 60_000, limit: Math.max(limit, 1) }],
          skipIf: () => limit === 0,
        };
      },
    }),
  ],
  controllers: [UsersController, MeController],
  providers: [
    UsersService,
    UsersStore,
    UserTokensService,
    AdminBootstrap,
    {
      provide: FailedAuthLimiter,
      inject: [ConfigService],
      // Throttling off (0) turns this off too; otherwise it is never looser than the general limit.
      useFactory: (config: ConfigService) =>
        new FailedAuthLimiter(Math.min(FAILED_AUTH_LIMIT_PER_MINUTE, rateLimit(config))),
    },
    // Order matters: the general rate limit first, then authentication and permissions.
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [UsersService],
})
export class AuthModule {}
