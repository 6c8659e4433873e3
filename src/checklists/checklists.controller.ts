import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Can } from '../access/permissions';
import { PaginationQueryDto } from '../common/pagination';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Stage } from '../common/stages';
import { ChecklistsService } from './checklists.service';
import { PutChecklistDto } from './dto/checklist.dto';
import { ParseStagePipe } from './parse-stage.pipe';
import { Caller, CurrentCaller } from '../common/request-context';

@ApiTags('checklists')
@Controller('missions/:missionId/checklists')
export class ChecklistsController {
  constructor(private readonly checklists: ChecklistsService) {}

  @Get()
  @Can('checklists.read')
  list(@Param('missionId', ParseIdPipe) missionId: number, @Query() query: PaginationQueryDto) {
    return this.checklists.list(missionId, query);
  }

  @Get(':stage')
  @Can('checklists.read')
  get(@Param('missionId', ParseIdPipe) missionId: number, @Param('stage', ParseStagePipe) stage: Stage) {
    return this.checklists.get(missionId, stage);
  }

  @Put(':stage')
  @Can('checklists.write')
  put(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('stage', ParseStagePipe) stage: Stage,
    @Body() dto: PutChecklistDto,
  ) {
    return this.checklists.put(caller, missionId, stage, dto);
  }
}
