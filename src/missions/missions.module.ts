import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TokenCacheModule } from '../access/token-cache';
import { Mission } from './entities/mission.entity';
import { MissionAuditController } from './mission-audit.controller';
import { MissionsController } from './missions.controller';
import { MissionsService } from './missions.service';
import { MissionsStore } from './missions.store';

@Module({
  imports: [TypeOrmModule.forFeature([Mission]), TokenCacheModule],
  controllers: [MissionsController, MissionAuditController],
  providers: [MissionsService, MissionsStore],
  exports: [MissionsService, MissionsStore],
})
export class MissionsModule {}
