import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can } from '../access/permissions';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Caller, CurrentCaller } from '../common/request-context';
import {
  CreateQualityCheckDto,
  QualityCheckQueryDto,
  ReportNamesQueryDto,
  UpdateQualityCheckDto,
} from '../quality-checks/dto/quality-check.dto';
import { QualityChecksService } from '../quality-checks/quality-checks.service';
import { ReviewService } from './review.service';

@ApiTags('review')
@Controller('missions/:missionId/quality-checks')
export class QualityChecksController {
  constructor(
    private readonly review: ReviewService,
    private readonly checks: QualityChecksService,
  ) {}

  @Get()
  @Can('checks.read')
  list(@Param('missionId', ParseIdPipe) missionId: number, @Query() query: QualityCheckQueryDto) {
    return this.review.list(missionId, query);
  }

  @Get('names')
  @Can('checks.read')
  @ApiOperation({ summary: "The names a condition on a stage's reports may use, with their types" })
  names(@Param('missionId', ParseIdPipe) missionId: number, @Query() query: ReportNamesQueryDto) {
    return this.checks.names(missionId, query.stage);
  }

  @Get(':checkId')
  @Can('checks.read')
  get(@Param('missionId', ParseIdPipe) missionId: number, @Param('checkId', ParseIdPipe) checkId: number) {
    return this.review.get(missionId, checkId);
  }

  @Post()
  @Can('checks.write')
  @ApiOperation({ summary: "A check on a stage's reports; the stage's reports are re-checked in the background" })
  create(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Body() dto: CreateQualityCheckDto,
  ) {
    return this.review.create(caller, missionId, dto);
  }

  @Patch(':checkId')
  @Can('checks.write')
  update(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('checkId', ParseIdPipe) checkId: number,
    @Body() dto: UpdateQualityCheckDto,
  ) {
    return this.review.update(caller, missionId, checkId, dto);
  }

  @Delete(':checkId')
  @Can('checks.write')
  @HttpCode(204)
  async remove(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('checkId', ParseIdPipe) checkId: number,
  ): Promise<void> {
    await this.review.remove(caller, missionId, checkId);
  }
}
