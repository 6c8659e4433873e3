import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DeepPartial, EntityManager, Repository } from 'typeorm';
import { Page, toPage } from '../common/pagination';
import { whereAnyContains } from '../database';
import { TeamQueryDto } from './dto/team.dto';
import { Team } from './entities/team.entity';

/** Where teams are read and written (their members are observers: see ObserversStore). */
@Injectable()
export class TeamsStore {
  constructor(@InjectRepository(Team) private readonly teams: Repository<Team>) {}

  /** A page of the mission's teams by code; `onlyTeamId` narrows it to that team (null: to none). */
  async findPage(missionId: number, query: TeamQueryDto, onlyTeamId?: number | null): Promise<Page<Team>> {
    const qb = this.teams
      .createQueryBuilder('t')
      .where('t.missionId = :missionId', { missionId })
      .orderBy('t.code', 'ASC')
      .addOrderBy('t.id', 'ASC');
    if (query.q) whereAnyContains(qb, ['t.code', 't.area'], query.q);
    if (onlyTeamId !== undefined) qb.andWhere('t.id = :onlyTeamId', { onlyTeamId: onlyTeamId ?? 0 });
    const [items, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return toPage(items, total, query);
  }

  /** The mission's team by id or by code. */
  findTeam(where: { missionId: number } & ({ id: number } | { code: string }), manager = this.teams.manager) {
    return manager.findOneBy(Team, where);
  }

  saveTeam(em: EntityManager, team: DeepPartial<Team>): Promise<Team> {
    return em.save(em.create(Team, team));
  }

  /** Bumps the team's version and updatedAt with no field changed (an UPDATE through the query builder does). */
  async touchTeam(em: EntityManager, team: Team): Promise<void> {
    await em.update(Team, { id: team.id }, { code: team.code });
  }

  async deleteTeam(em: EntityManager, missionId: number, teamId: number): Promise<void> {
    await em.delete(Team, { id: teamId, missionId });
  }
}
