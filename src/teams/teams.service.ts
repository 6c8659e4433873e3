import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ownRecordsScope, ownTeamId } from '../auth/actor';
import { likePattern, Page, toPage } from '../common/pagination';
import { DatabaseWriter } from '../database/database-writer.service';
import { assertVersion, MissionsService } from '../missions/missions.service';
import { ObserversService } from '../observers/observers.service';
import { CreateTeamDto, TeamQueryDto, UpdateTeamDto } from './dto/team.dto';
import { Team } from './entities/team.entity';
import { TeamResponse, toTeamResponse } from './team.response';
import { Caller } from '../common/request-context';

@Injectable()
export class TeamsService {
  constructor(
    @InjectRepository(Team) private readonly teams: Repository<Team>,
    private readonly missions: MissionsService,
    private readonly observers: ObserversService,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
  ) {}

  async list(caller: Caller, missionId: number, query: TeamQueryDto): Promise<Page<TeamResponse>> {
    await this.missions.get(missionId);
    const qb = this.teams
      .createQueryBuilder('t')
      .where('t.missionId = :missionId', { missionId })
      .orderBy('t.code', 'ASC')
      .addOrderBy('t.id', 'ASC');
    if (query.q) {
      const q = likePattern(query.q);
      qb.andWhere(
        new Brackets((w) =>
          w.where("LOWER(t.code) LIKE :q ESCAPE '\\'", { q }).orWhere("LOWER(t.area) LIKE :q ESCAPE '\\'", { q }),
        ),
      );
    }
    const own = ownRecordsScope(caller);
    if (own) qb.andWhere('t.id = :ownTeamId', { ownTeamId: (await ownTeamId(this.teams.manager, own)) ?? 0 });
    const [teams, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    const members = await this.observers.memberIdsByTeam(teams.map((t) => t.id));
    return toPage(
      teams.map((t) => toTeamResponse(t, members.get(t.id) ?? [])),
      total,
      query,
    );
  }

  /** The team `teamId` of mission `missionId`; 404 when it is missing or another mission's. */
  async getInMission(missionId: number, teamId: number, manager?: EntityManager): Promise<Team> {
    const repo = manager ? manager.getRepository(Team) : this.teams;
    const team = await repo.findOneBy({ id: teamId, missionId });
    if (!team) throw new NotFoundException(`Team ${teamId} not found in mission ${missionId}`);
    return team;
  }

  async get(caller: Caller, missionId: number, teamId: number): Promise<TeamResponse> {
    await this.missions.get(missionId);
    const team = await this.getInMission(missionId, teamId);
    // An observer user sees its own team only; another team is as good as absent.
    const own = ownRecordsScope(caller);
    if (own && (await ownTeamId(this.teams.manager, own)) !== team.id) {
      throw new NotFoundException(`Team ${teamId} not found in mission ${missionId}`);
    }
    return toTeamResponse(team, await this.observers.teamMemberIds(teamId));
  }

  create(caller: Caller, missionId: number, dto: CreateTeamDto): Promise<TeamResponse> {
    const { memberIds, ...fields } = dto;
    return this.writer.transaction(async (em) => {
      await this.missions.getWritable(missionId, em);
      await this.assertCodeFree(em, missionId, fields.code);
      const team = await em.save(em.create(Team, { ...fields, missionId }));
      if (memberIds) await this.observers.setTeamMembers(caller, em, missionId, team.id, memberIds);
      const response = toTeamResponse(team, await this.observers.teamMemberIds(team.id, em));
      await this.audit.record(em, {
        caller,
        action: 'create',
        entityType: 'team',
        entityId: team.id,
        missionId,
        after: response,
      });
      return response;
    });
  }

  update(caller: Caller, missionId: number, teamId: number, dto: UpdateTeamDto): Promise<TeamResponse> {
    const { version, memberIds, ...changes } = dto;
    return this.writer.transaction(async (em) => {
      await this.missions.getWritable(missionId, em);
      const team = await this.getInMission(missionId, teamId, em);
      assertVersion(team, version, `Team ${teamId}`);
      if (changes.code !== undefined && changes.code !== team.code) {
        await this.assertCodeFree(em, missionId, changes.code);
      }
      const before = toTeamResponse(team, await this.observers.teamMemberIds(teamId, em));
      Object.assign(team, changes);
      let saved = await em.save(team);
      const membersChanged = memberIds
        ? await this.observers.setTeamMembers(caller, em, missionId, teamId, memberIds)
        : false;
      if (membersChanged && saved.version === before.version) {
        // Members are part of the team: a client holding the old list must get 409 on its next PATCH.
        // An UPDATE through the query builder bumps version and updatedAt.
        await em.update(Team, { id: teamId }, { code: saved.code });
        saved = await this.getInMission(missionId, teamId, em);
      }
      const after = toTeamResponse(saved, await this.observers.teamMemberIds(teamId, em));
      await this.audit.record(em, {
        caller,
        action: 'update',
        entityType: 'team',
        entityId: teamId,
        missionId,
        before,
        after,
      });
      return after;
    });
  }

  remove(caller: Caller, missionId: number, teamId: number): Promise<void> {
    return this.writer.transaction(async (em) => {
      await this.missions.getWritable(missionId, em);
      const team = await this.getInMission(missionId, teamId, em);
      const before = toTeamResponse(team, await this.observers.teamMemberIds(teamId, em));
      // Explicit (not left to ON DELETE SET NULL) so each member's change is audited and versioned.
      await this.observers.clearTeam(caller, em, missionId, teamId);
      await em.delete(Team, { id: teamId, missionId });
      await this.audit.record(em, {
        caller,
        action: 'delete',
        entityType: 'team',
        entityId: teamId,
        missionId,
        before,
      });
    });
  }

  private async assertCodeFree(em: EntityManager, missionId: number, code: string): Promise<void> {
    const holder = await em.findOneBy(Team, { missionId, code });
    if (holder) throw new ConflictException(`Team code ${code} is already used by team ${holder.id} in this mission`);
  }
}
