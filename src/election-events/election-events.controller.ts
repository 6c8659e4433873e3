import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Can } from '../auth/permissions';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateElectionEventDto, ElectionEventQueryDto, UpdateElectionEventDto } from './dto/election-event.dto';
import { ElectionEventsService } from './election-events.service';

@ApiTags('events')
@Controller('missions/:missionId/events')
export class ElectionEventsController {
  constructor(private readonly events: ElectionEventsService) {}

  @Post()
  @Can('events.write')
  create(@Param('missionId', ParseIdPipe) missionId: number, @Body() dto: CreateElectionEventDto) {
    return this.events.create(missionId, dto);
  }

  @Get()
  @Can('events.read')
  list(@Param('missionId', ParseIdPipe) missionId: number, @Query() query: ElectionEventQueryDto) {
    return this.events.list(missionId, query);
  }

  @Get(':eventId')
  @Can('events.read')
  get(@Param('missionId', ParseIdPipe) missionId: number, @Param('eventId', ParseIdPipe) eventId: number) {
    return this.events.get(missionId, eventId);
  }

  @Patch(':eventId')
  @Can('events.write')
  update(
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('eventId', ParseIdPipe) eventId: number,
    @Body() dto: UpdateElectionEventDto,
  ) {
    return this.events.update(missionId, eventId, dto);
  }

  @Delete(':eventId')
  @Can('events.write')
  @HttpCode(204)
  async remove(
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('eventId', ParseIdPipe) eventId: number,
  ): Promise<void> {
    await this.events.remove(missionId, eventId);
  }
}
