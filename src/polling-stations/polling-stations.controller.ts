import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Can } from '../access/permissions';
import { ApiCsvBody, CsvImportQueryDto, csvText } from '../common/csv';
import { Page } from '../common/pagination';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Caller, CurrentCaller } from '../common/request-context';
import { CreatePollingStationDto, PollingStationQueryDto, UpdatePollingStationDto } from './dto/polling-station.dto';
import { PollingStation } from './entities/polling-station.entity';
import { PollingStationsImportService, StationImportResult } from './polling-stations-import.service';
import { PollingStationsService } from './polling-stations.service';

@ApiTags('polling-stations')
@Controller('missions/:missionId/polling-stations')
export class PollingStationsController {
  constructor(
    private readonly stations: PollingStationsService,
    private readonly importer: PollingStationsImportService,
  ) {}

  @Post()
  @Can('stations.write')
  create(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Body() dto: CreatePollingStationDto,
  ): Promise<PollingStation> {
    return this.stations.create(caller, missionId, dto);
  }

  // Declared before ':stationId' routes so "import" is never read as an id.
  @Post('import')
  @Can('stations.write')
  @ApiCsvBody(
    'Header row, then one station per row: constituency, code, name, address, region, district, ' +
      'latitude, longitude, registered_voters, type, tags (separated by ;)',
  )
  import(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Query() query: CsvImportQueryDto,
    @Body() body: unknown,
  ): Promise<StationImportResult> {
    return this.importer.importCsv(caller, missionId, csvText(body), { mapping: query.columns, mode: query.mode });
  }

  @Get()
  @Can('stations.read')
  list(
    @Param('missionId', ParseIdPipe) missionId: number,
    @Query() query: PollingStationQueryDto,
  ): Promise<Page<PollingStation>> {
    return this.stations.list(missionId, query);
  }

  @Get(':stationId')
  @Can('stations.read')
  get(
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('stationId', ParseIdPipe) stationId: number,
  ): Promise<PollingStation> {
    return this.stations.get(missionId, stationId);
  }

  @Patch(':stationId')
  @Can('stations.write')
  update(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('stationId', ParseIdPipe) stationId: number,
    @Body() dto: UpdatePollingStationDto,
  ): Promise<PollingStation> {
    return this.stations.update(caller, missionId, stationId, dto);
  }

  @Delete(':stationId')
  @Can('stations.write')
  @HttpCode(204)
  async remove(
    @CurrentCaller() caller: Caller,
    @Param('missionId', ParseIdPipe) missionId: number,
    @Param('stationId', ParseIdPipe) stationId: number,
  ): Promise<void> {
    await this.stations.remove(caller, missionId, stationId);
  }
}
