import { CreateTeamDto } from '../../src/teams/dto/team.dto';

let sequence = 0;

/** A valid team body with a code unique per call; a test overrides the one field it is about. */
export function teamBody(overrides: Partial<CreateTeamDto> = {}): CreateTeamDto {
  sequence += 1;
  return { code: `T-${sequence}`, area: `Area ${sequence}`, ...overrides };
}
