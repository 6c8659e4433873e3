import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can } from '../access/permissions';
import { ApiCsvBody } from '../common/csv';
import { Idempotent } from '../common/idempotency/idempotency.guard';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Caller, CurrentCaller } from '../common/request-context';
import {
  CreateElectionEventDto,
  ElectionEventQueryDto,
  ReviewReportDto,
  UpdateElectionEventDto,
} from './dto/election-event.dto';
import { EventsImportQueryDto } from './dto/events-import.dto';
import { ChangeIncidentStatusDto } from './dto/incident-status.dto';
import { EventCreateService } from './event-create.service';
import { EventReviewService } from './event-review.service';
import { EventUpdateService } from './event-update.service';
import { EventViewsService } from './event-views.service';
import { EventsImportService } from './events-import.service';

@ApiTags('events')
@Controller('missions/:missionId/events')
export class ElectionEventsController {
  constructor(
    private readonly creates: EventCreateService,
    private readonly updates: EventUpdateService,
    private readonly views: EventViewsService,
    private readonly imports: EventsImportService,
    private readonly reviews: EventReviewService,
  ) {}

  @Post()
  @Can('events.write')
  @Idempotent()
  create(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Body() dto: CreateElectionEventDto,
  ) {
    return this.creates.create(caller, missionId, dto);
  }

  @Post('import')
  @Can('events.import')
  @Idempotent()
  @ApiOperation({
    summary: 'Station visits from a CSV file, one row per visit; all rows are stored or none',
    description:
      'Columns: constituency, station, stage, occurred_at, overall_assessment, voters_voted, observer ' +
      '(accreditation number), then one column per question code of the stage checklist. Other columns are ' +
      'refused unless named in ?ignore=. Returns {created, updated: 0}, or 400 {errors: [{line, column, message}]}.',
  })
  @ApiCsvBody(
    'station,stage,occurred_at,overall_assessment,ballot_box_sealed\n0001,opening,2024-02-07T08:00:00+04:00,good,yes',
  )
  import(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Body() body: unknown,
    @Query() query: EventsImportQueryDto,
  ) {
    return this.imports.import(caller, missionId, body, query);
  }

  @Post(':eventId/status')
  @Can('incidents.verify')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Moves an incident's verification: reported -> verified | dismissed | escalated; escalated -> verified | dismissed",
  })
  changeStatus(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('eventId', ParseIdPipe) eventId: number,
    @Body() dto: ChangeIncidentStatusDto,
  ) {
    return this.updates.changeStatus(caller, missionId, eventId, dto);
  }

  @Post(':eventId/review')
  @Can('reports.review')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "A coordinator's decision on a report: unreviewed | accepted | flagged | rejected, with a note (required to flag or reject)",
  })
  review(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('eventId', ParseIdPipe) eventId: number,
    @Body() dto: ReviewReportDto,
  ) {
    return this.reviews.review(caller, missionId, eventId, dto);
  }

  @Get()
  @Can('events.read')
  list(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Query() query: ElectionEventQueryDto,
  ) {
    return this.views.list(caller, missionId, query);
  }

  @Get(':eventId')
  @Can('events.read')
  get(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('eventId', ParseIdPipe) eventId: number,
  ) {
    return this.views.get(caller, missionId, eventId);
  }

  @Patch(':eventId')
  @Can('events.write')
  update(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('eventId', ParseIdPipe) eventId: number,
    @Body() dto: UpdateElectionEventDto,
  ) {
    return this.updates.update(caller, missionId, eventId, dto);
  }

  @Delete(':eventId')
  @Can('events.write')
  @HttpCode(204)
  async remove(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('eventId', ParseIdPipe) eventId: number,
  ): Promise<void> {
    await this.updates.remove(caller, missionId, eventId);
  }
}
