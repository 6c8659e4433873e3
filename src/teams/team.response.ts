import { Team } from './entities/team.entity';

export interface TeamResponse {
  id: number;
  missionId: number;
  code: string;
  area: string | null;
  memberIds: number[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

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
