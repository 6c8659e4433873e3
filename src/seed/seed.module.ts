import { Module } from '@nestjs/common';
import { ElectionEventsModule } from '../election-events/election-events.module';
import { PollingStationsModule } from '../polling-stations/polling-stations.module';
import { SampleMissionSeeder } from './sample-mission.seeder';
import { SampleMissionStore } from './sample-mission.store';

/**
 * Entities are reached through the seeding transaction's EntityManager, so no forFeature here;
 * the Albanian sample goes through the stations and events imports.
 */
@Module({
  imports: [PollingStationsModule, ElectionEventsModule],
  providers: [SampleMissionSeeder, SampleMissionStore],
  exports: [SampleMissionSeeder],
})
export class SeedModule {}
