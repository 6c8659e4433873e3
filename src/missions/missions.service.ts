import { DatabaseWriter, WriteSet } from '../database';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditInput, AuditService } from '../audit/audit.service';
import { TokenCache } from '../access/token-cache';
import { Page } from '../common/pagination';
import { assertVersion } from '../common/versions';
import { badRequestFromFieldErrors, FieldError, rejectNulls } from '../common/validation';
import { CreateMissionDto, MissionQueryDto, UpdateMissionDto } from './dto/mission.dto';
import { Mission } from './entities/mission.entity';
import { MissionStatus } from './entities/mission.enums';
import { MissionsStore } from './missions.store';
import { Caller } from '../common/request-context';
import { DEFAULT_STAGE_SCHEDULE } from './entities/stage-schedule';

/** Dates of a mission must make a period, and the election must fall inside it. */
export function checkMissionDates(m: Pick<Mission, 'startDate' | 'endDate' | 'electionDate'>): FieldError[] {
  const errors: FieldError[] = [];
  // YYYY-MM-DD strings compare in calendar order.
  if (m.endDate < m.startDate) {
    errors.push({ field: 'endDate', message: 'endDate must be on or after startDate' });
  }
  if (m.electionDate < m.startDate || m.electionDate > m.endDate) {
    errors.push({
      field: 'electionDate',
      message: `electionDate must fall within the mission period (${m.startDate} to ${m.endDate})`,
    });
  }
  return errors;
}

/** getWritable's rule for a mission's status read some other way (null: no such mission). */
export function assertMissionWritable(id: number, status: MissionStatus | null): void {
  if (status === null) throw new NotFoundException(`Mission ${id} not found`);
  if (status === 'closed') {
    throw new ConflictException(`Mission ${id} is closed and read-only; reopen it to make changes`);
  }
}

@Injectable()
export class MissionsService {
  constructor(
    private readonly store: MissionsStore,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
    private readonly tokens: TokenCache,
  ) {}

  list(query: MissionQueryDto, onlyIds?: number[]): Promise<Page<Mission>> {
    return this.store.findPage(query, onlyIds);
  }

  async get(id: number, manager?: EntityManager): Promise<Mission> {
    const mission = await this.store.findMission(id, manager);
    if (!mission) throw new NotFoundException(`Mission ${id} not found`);
    return mission;
  }

  /**
   * The mission a write inside it may change: 404 when it does not exist, 409 when it is closed.
   * Call it inside the write's transaction so a mission closed meanwhile is seen.
   */
  async getWritable(id: number, manager: EntityManager): Promise<Mission> {
    const mission = await this.get(id, manager);
    assertMissionWritable(id, mission.status);
    return mission;
  }

  create(caller: Caller, dto: CreateMissionDto): Promise<Mission> {
    const errors = checkMissionDates(dto);
    if (errors.length) throw badRequestFromFieldErrors(errors);
    return this.writer.transaction(async (em, writes) => {
      const mission = await this.store.saveMission(em, {
        ...dto,
        status: dto.status ?? 'planned',
        stageSchedule: dto.stageSchedule ?? DEFAULT_STAGE_SCHEDULE,
      });
      this.recordChange(writes, { caller, action: 'create', entityId: mission.id, after: mission });
      return mission;
    });
  }

  update(caller: Caller, id: number, dto: UpdateMissionDto): Promise<Mission> {
    const { version, ...changes } = dto;
    rejectNulls(changes); // every mission field is required
    return this.writer.transaction(async (em, writes) => {
      const mission = await this.get(id, em);
      assertVersion(mission, version, `Mission ${id}`);
      // A closed mission is read-only; the one change allowed is reopening it.
      const onlyReopens =
        Object.keys(changes).length === 1 && changes.status !== undefined && changes.status !== 'closed';
      if (mission.status === 'closed' && !onlyReopens) {
        throw new ConflictException(`Mission ${id} is closed and read-only; reopen it (PATCH status) to make changes`);
      }
      const before = { ...mission };
      Object.assign(mission, changes);
      const errors = checkMissionDates(mission);
      if (errors.length) throw badRequestFromFieldErrors(errors);
      const saved = await this.store.saveMission(em, mission);
      this.recordChange(writes, { caller, action: 'update', entityId: id, before, after: saved });
      return saved;
    });
  }

  /** Its users' memberships go with it (the database cascades), so cached tokens are forgotten. */
  remove(caller: Caller, id: number): Promise<void> {
    return this.tokens.changing(() =>
      this.writer.transaction(async (em, writes) => {
        const mission = await this.getWritable(id, em);
        await this.store.deleteMission(em, id);
        this.recordChange(writes, { caller, action: 'delete', entityId: id, before: mission });
      }),
    );
  }

  private recordChange(writes: WriteSet, input: Omit<AuditInput, 'entityType' | 'missionId'>): void {
    this.audit.record(writes, { ...input, entityType: 'mission', missionId: input.entityId });
  }
}
