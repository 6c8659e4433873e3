import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MissionsModule } from '../missions/missions.module';
import { PollingStation } from './entities/polling-station.entity';
import { PollingStationsImportService } from './polling-stations-import.service';
import { PollingStationsController } from './polling-stations.controller';
import { PollingStationsService } from './polling-stations.service';
import { PollingStationsStore } from './polling-stations.store';

@Module({
  imports: [TypeOrmModule.forFeature([PollingStation]), MissionsModule],
  controllers: [PollingStationsController],
  providers: [PollingStationsService, PollingStationsImportService, PollingStationsStore],
  exports: [PollingStationsService, PollingStationsImportService, PollingStationsStore],
})
export class PollingStationsModule {}
