import { Team } from './entities/team.entity';

/** A team as the API shows it: with its members' ids. */
export type TeamResponse = Omit<Team, 'mission'> & { memberIds: number[] };

export function toTeamResponse(team: Team, memberIds: number[]): TeamResponse {
  return {
    id: team.id,
    missionId: team.missionId,
    code: team.code,
    area: team.area ?? null,
    memberIds,
    version: team.version,
    createdAt: team.createdAt,
    updatedAt: team.updatedAt,
  };
}
