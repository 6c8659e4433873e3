import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Can } from '../access/permissions';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { DeploymentsService } from './deployments.service';
import { CreateDeploymentDto, DeploymentQueryDto, UpdateDeploymentDto } from './dto/deployment.dto';
import { Caller, CurrentCaller } from '../common/request-context';

@ApiTags('deployments')
@Controller('missions/:missionId/deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Post()
  @Can('deployments.write')
  create(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Body() dto: CreateDeploymentDto,
  ) {
    return this.deployments.create(caller, missionId, dto);
  }

  @Get()
  @Can('deployments.read')
  list(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Query() query: DeploymentQueryDto,
  ) {
    return this.deployments.list(caller, missionId, query);
  }

  @Get(':deploymentId')
  @Can('deployments.read')
  get(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('deploymentId', ParseIdPipe) deploymentId: number,
  ) {
    return this.deployments.get(caller, missionId, deploymentId);
  }

  @Patch(':deploymentId')
  @Can('deployments.write')
  update(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('deploymentId', ParseIdPipe) deploymentId: number,
    @Body() dto: UpdateDeploymentDto,
  ) {
    return this.deployments.update(caller, missionId, deploymentId, dto);
  }

  @Delete(':deploymentId')
  @Can('deployments.write')
  @HttpCode(204)
  async remove(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('deploymentId', ParseIdPipe) deploymentId: number,
  ): Promise<void> {
    await this.deployments.remove(caller, missionId, deploymentId);
  }
}
