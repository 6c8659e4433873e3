import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Can } from '../access/permissions';
import { ApiCsvBody, CsvImportQueryDto, ImportResult } from '../common/csv';
import { Page } from '../common/pagination';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Caller, CurrentCaller } from '../common/request-context';
import { CreateObserverDto, ObserverQueryDto, UpdateObserverDto } from './dto/observer.dto';
import { ObserverResponse, toObserverResponse } from './observer.response';
import { ObserversImportService } from './observers-import.service';
import { ObserversService } from './observers.service';

@ApiTags('observers')
@Controller('missions/:missionId/observers')
export class ObserversController {
  constructor(
    private readonly observers: ObserversService,
    private readonly importer: ObserversImportService,
  ) {}

  @Post()
  @Can('observers.write')
  async create(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Body() dto: CreateObserverDto,
  ): Promise<ObserverResponse> {
    return toObserverResponse(await this.observers.create(caller, missionId, dto), caller);
  }

  @Post('import')
  @Can('observers.write')
  @ApiCsvBody(
    'Header row, then one observer a row: full_name, role, nationality, gender, languages (;-separated), ' +
      'seconding_organization, team (team code), accreditation_status, accreditation_number, accredited_at, ' +
      'email, phone, document_number, date_of_birth',
  )
  import(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Body() body: string,
    @Query() query: CsvImportQueryDto,
  ): Promise<ImportResult> {
    return this.importer.import(caller, missionId, body, query);
  }

  @Get()
  @Can('observers.read')
  async list(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Query() query: ObserverQueryDto,
  ): Promise<Page<ObserverResponse>> {
    const page = await this.observers.list(missionId, query);
    return { ...page, items: page.items.map((observer) => toObserverResponse(observer, caller)) };
  }

  @Get(':observerId')
  @Can('observers.read')
  async get(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('observerId', ParseIdPipe) observerId: number,
  ): Promise<ObserverResponse> {
    return toObserverResponse(await this.observers.get(missionId, observerId), caller);
  }

  @Patch(':observerId')
  @Can('observers.write')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('observerId', ParseIdPipe) observerId: number,
    @Body() dto: UpdateObserverDto,
  ): Promise<ObserverResponse> {
    return toObserverResponse(await this.observers.update(caller, missionId, observerId, dto), caller);
  }

  @Delete(':observerId')
  @Can('observers.write')
  @HttpCode(204)
  async remove(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('observerId', ParseIdPipe) observerId: number,
  ): Promise<void> {
    await this.observers.remove(caller, missionId, observerId);
  }
}
