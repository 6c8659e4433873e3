import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MissionsModule } from '../missions/missions.module';
import { ObserversModule } from '../observers/observers.module';
import { Team } from './entities/team.entity';
import { TeamsController } from './teams.controller';
import { TeamsService } from './teams.service';
import { TeamsStore } from './teams.store';

@Module({
  imports: [TypeOrmModule.forFeature([Team]), MissionsModule, ObserversModule],
  controllers: [TeamsController],
  providers: [TeamsService, TeamsStore],
  exports: [TeamsService],
})
export class TeamsModule {}
