import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { visibleMissionIds } from '../access/actor';
import { Can } from '../access/permissions';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateMissionDto, MissionQueryDto, UpdateMissionDto } from './dto/mission.dto';
import { MissionsService } from './missions.service';
import { Caller, CurrentCaller } from '../common/request-context';

@ApiTags('missions')
@Controller('missions')
export class MissionsController {
  constructor(private readonly missions: MissionsService) {}

  @Post()
  @Can('missions.create')
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateMissionDto) {
    return this.missions.create(caller, dto);
  }

  @Get()
  @Can('missions.read')
  list(@CurrentCaller() caller: Caller, @Query() query: MissionQueryDto) {
    return this.missions.list(query, visibleMissionIds(caller));
  }

  @Get(':missionId')
  @Can('missions.read')
  get(@Param('missionId', ParseIdPipe) missionId: number) {
    return this.missions.get(missionId);
  }

  @Patch(':missionId')
  @Can('missions.write')
  update(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Body() dto: UpdateMissionDto,
  ) {
    return this.missions.update(caller, missionId, dto);
  }

  @Delete(':missionId')
  @Can('missions.delete')
  @HttpCode(204)
  async remove(@CurrentCaller() caller: Caller, @Param('missionId', ParseIdPipe) missionId: number): Promise<void> {
    await this.missions.remove(caller, missionId);
  }
}
