import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { TokenCacheModule } from '../access/token-cache';
import { MissionsModule } from '../missions/missions.module';
import { Team } from '../teams/entities/team.entity';
import { Observer } from './entities/observer.entity';
import { ObserversImportService } from './observers-import.service';
import { ObserversController } from './observers.controller';
import { ObserversService } from './observers.service';
import { ObserversStore } from './observers.store';

@Module({
  // AuthModule: deleting a record releases its observer user (UsersService.releaseObserver).
  imports: [TypeOrmModule.forFeature([Observer, Team]), MissionsModule, AuthModule, TokenCacheModule],
  controllers: [ObserversController],
  providers: [ObserversService, ObserversImportService, ObserversStore],
  exports: [ObserversService, ObserversStore],
})
export class ObserversModule {}
