import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { TokenCacheModule } from '../auth/token-cache';
import { MissionsModule } from '../missions/missions.module';
import { Team } from '../teams/entities/team.entity';
import { Observer } from './entities/observer.entity';
import { ObserversImportService } from './observers-import.service';
import { ObserversController } from './observers.controller';
import { ObserversService } from './observers.service';

@Module({
  // Team is registered (not TeamsModule imported) so a teamId can be checked without a cycle:
  // TeamsModule imports this module for its members.
  // AuthModule: deleting a record releases its observer user (UsersService.releaseObserver).
  imports: [TypeOrmModule.forFeature([Observer, Team]), MissionsModule, AuthModule, TokenCacheModule],
  controllers: [ObserversController],
  providers: [ObserversService, ObserversImportService],
  exports: [ObserversService],
})
export class ObserversModule {}
