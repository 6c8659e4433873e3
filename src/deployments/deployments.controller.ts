import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Can } from '../auth/permissions';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { DeploymentsService } from './deployments.service';
import { CreateDeploymentDto, DeploymentQueryDto, UpdateDeploymentDto } from './dto/deployment.dto';

@ApiTags('deployments')
@Controller('missions/:missionId/deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Post()
  @Can('deployments.write')
  create(@Param('missionId', ParseIdPipe) missionId: number, @Body() dto: CreateDeploymentDto) {
    return this.deployments.create(missionId, dto);
  }

  @Get()
  @Can('deployments.read')
  list(@Param('missionId', ParseIdPipe) missionId: number, @Query() query: DeploymentQueryDto) {
    return this.deployments.list(missionId, query);
  }

  @Get(':deploymentId')
  @Can('deployments.read')
  get(@Param('missionId', ParseIdPipe) missionId: number, @Param('deploymentId', ParseIdPipe) deploymentId: number) {
    return this.deployments.get(missionId, deploymentId);
  }

  @Patch(':deploymentId')
  @Can('deployments.write')
  update(
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('deploymentId', ParseIdPipe) deploymentId: number,
    @Body() dto: UpdateDeploymentDto,
  ) {
    return this.deployments.update(missionId, deploymentId, dto);
  }

  @Delete(':deploymentId')
  @Can('deployments.write')
  @HttpCode(204)
  async remove(
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('deploymentId', ParseIdPipe) deploymentId: number,
  ): Promise<void> {
    await this.deployments.remove(missionId, deploymentId);
  }
}
