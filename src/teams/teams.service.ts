import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DatabaseWriter, WriteSet } from '../database';
import { AuditInput, AuditService } from '../audit/audit.service';
import { ownRecordsScope } from '../access/actor';
import { Page } from '../common/pagination';
import { assertVersion } from '../common/versions';
import { MissionsService } from '../missions/missions.service';
import { ObserversService } from '../observers/observers.service';
import { ObserversStore } from '../observers/observers.store';
import { CreateTeamDto, TeamQueryDto, UpdateTeamDto } from './dto/team.dto';
import { Team } from './entities/team.entity';
import { TeamResponse, toTeamResponse } from './team.response';
import { TeamsStore } from './teams.store';
import { Caller } from '../common/request-context';

@Injectable()
export class TeamsService {
  constructor(
    private readonly store: TeamsStore,
    private readonly missions: MissionsService,
    private readonly observers: ObserversService,
    private readonly observerRecords: ObserversStore,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
  ) {}

  async list(caller: Caller, missionId: number, query: TeamQueryDto): Promise<Page<TeamResponse>> {
    await this.missions.get(missionId);
    // An observer user sees its own team only.
    const own = ownRecordsScope(caller);
    const onlyTeamId = own ? await this.observerRecords.teamIdOf(own.observerId) : undefined;
    const page = await this.store.findPage(missionId, query, onlyTeamId);
    const members = await this.observerRecords.memberIdsByTeam(page.items.map((t) => t.id));
    return { ...page, items: page.items.map((t) => toTeamResponse(t, members.get(t.id) ?? [])) };
  }

  /** The team `teamId` of mission `missionId`; 404 when it is missing or another mission's. */
  async getInMission(missionId: number, teamId: number, manager?: EntityManager): Promise<Team> {
    const team = await this.store.findTeam({ id: teamId, missionId }, manager);
    if (!team) throw new NotFoundException(`Team ${teamId} not found in mission ${missionId}`);
    return team;
  }

  async get(caller: Caller, missionId: number, teamId: number): Promise<TeamResponse> {
    await this.missions.get(missionId);
    const team = await this.getInMission(missionId, teamId);
    // An observer user sees its own team only; another team is as good as absent.
    const own = ownRecordsScope(caller);
    if (own && (await this.observerRecords.teamIdOf(own.observerId)) !== team.id) {
      throw new NotFoundException(`Team ${teamId} not found in mission ${missionId}`);
    }
    return this.withMembers(team);
  }

  create(caller: Caller, missionId: number, dto: CreateTeamDto): Promise<TeamResponse> {
    const { memberIds, ...fields } = dto;
    return this.writer.transaction(async (em, writes) => {
      await this.missions.getWritable(missionId, em);
      await this.assertCodeFree(em, missionId, fields.code);
      const team = await this.store.saveTeam(em, { ...fields, missionId });
      if (memberIds) await this.observers.setTeamMembers(caller, em, writes, missionId, team.id, memberIds);
      const response = await this.withMembers(team, em);
      this.recordChange(writes, { caller, action: 'create', entityId: team.id, missionId, after: response });
      return response;
    });
  }

  update(caller: Caller, missionId: number, teamId: number, dto: UpdateTeamDto): Promise<TeamResponse> {
    const { version, memberIds, ...changes } = dto;
    return this.writer.transaction(async (em, writes) => {
      await this.missions.getWritable(missionId, em);
      const team = await this.getInMission(missionId, teamId, em);
      assertVersion(team, version, `Team ${teamId}`);
      if (changes.code !== undefined && changes.code !== team.code) {
        await this.assertCodeFree(em, missionId, changes.code);
      }
      const before = await this.withMembers(team, em);
      let saved = await this.store.saveTeam(em, Object.assign(team, changes));
      const membersChanged = memberIds
        ? await this.observers.setTeamMembers(caller, em, writes, missionId, teamId, memberIds)
        : false;
      if (membersChanged && saved.version === before.version) {
        // Members are part of the team: a client holding the old list must get 409 on its next PATCH.
        await this.store.touchTeam(em, saved);
        saved = await this.getInMission(missionId, teamId, em);
      }
      const after = await this.withMembers(saved, em);
      this.recordChange(writes, { caller, action: 'update', entityId: teamId, missionId, before, after });
      return after;
    });
  }

  remove(caller: Caller, missionId: number, teamId: number): Promise<void> {
    return this.writer.transaction(async (em, writes) => {
      await this.missions.getWritable(missionId, em);
      const before = await this.withMembers(await this.getInMission(missionId, teamId, em), em);
      // Explicit (not left to ON DELETE SET NULL) so each member's change is audited and versioned.
      await this.observers.clearTeam(caller, em, writes, missionId, teamId);
      await this.store.deleteTeam(em, missionId, teamId);
      this.recordChange(writes, { caller, action: 'delete', entityId: teamId, missionId, before });
    });
  }

  private async withMembers(team: Team, manager?: EntityManager): Promise<TeamResponse> {
    const members = await this.observerRecords.memberIdsByTeam([team.id], manager);
    return toTeamResponse(team, members.get(team.id) ?? []);
  }

  private recordChange(writes: WriteSet, input: Omit<AuditInput, 'entityType'>): void {
    this.audit.record(writes, { ...input, entityType: 'team' });
  }

  private async assertCodeFree(em: EntityManager, missionId: number, code: string): Promise<void> {
    const holder = await this.store.findTeam({ missionId, code }, em);
    if (holder) throw new ConflictException(`Team code ${code} is already used by team ${holder.id} in this mission`);
  }
}
