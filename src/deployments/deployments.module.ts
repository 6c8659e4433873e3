import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MissionsModule } from '../missions/missions.module';
import { DeploymentsController } from './deployments.controller';
import { DeploymentsService } from './deployments.service';
import { DeploymentsStore } from './deployments.store';
import { Deployment } from './entities/deployment.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Deployment]), MissionsModule],
  controllers: [DeploymentsController],
  providers: [DeploymentsService, DeploymentsStore],
  exports: [DeploymentsService],
})
export class DeploymentsModule {}
