import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Can } from '../access/permissions';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateTeamDto, TeamQueryDto, UpdateTeamDto } from './dto/team.dto';
import { TeamsService } from './teams.service';
import { Caller, CurrentCaller } from '../common/request-context';

@ApiTags('teams')
@Controller('missions/:missionId/teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Post()
  @Can('teams.write')
  create(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Body() dto: CreateTeamDto,
  ) {
    return this.teams.create(caller, missionId, dto);
  }

  @Get()
  @Can('teams.read')
  list(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Query() query: TeamQueryDto,
  ) {
    return this.teams.list(caller, missionId, query);
  }

  @Get(':teamId')
  @Can('teams.read')
  get(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('teamId', ParseIdPipe) teamId: number,
  ) {
    return this.teams.get(caller, missionId, teamId);
  }

  @Patch(':teamId')
  @Can('teams.write')
  update(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('teamId', ParseIdPipe) teamId: number,
    @Body() dto: UpdateTeamDto,
  ) {
    return this.teams.update(caller, missionId, teamId, dto);
  }

  @Delete(':teamId')
  @Can('teams.write')
  @HttpCode(204)
  async remove(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('teamId', ParseIdPipe) teamId: number,
  ): Promise<void> {
    await this.teams.remove(caller, missionId, teamId);
  }
}
