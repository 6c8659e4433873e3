import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Can } from '../access/permissions';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { AuditService } from '../audit/audit.service';
import { AuditQueryDto } from '../audit/dto/audit-query.dto';
import { MissionsService } from './missions.service';

/** A mission's audit log. Read-only on purpose: there is no route that changes or deletes an audit entry. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('missions/:missionId/audit')
export class MissionAuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly missions: MissionsService,
  ) {}

  @Get()
  @Can('audit.read')
  async list(@Param('missionId', ParseIdPipe) missionId: number, @Query() query: AuditQueryDto) {
    const mission = await this.missions.get(missionId);
    return this.audit.list(missionId, query, mission.timezone);
  }
}
