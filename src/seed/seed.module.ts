import { Module } from '@nestjs/common';
import { SampleMissionSeeder } from './sample-mission.seeder';

/** Entities are reached through the seeding transaction's EntityManager, so no forFeature here. */
@Module({
  providers: [SampleMissionSeeder],
  exports: [SampleMissionSeeder],
})
export class SeedModule {}
