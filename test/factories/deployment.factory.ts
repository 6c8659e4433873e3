import { DataSource } from 'typeorm';
import { CreateDeploymentDto } from '../../src/deployments/dto/deployment.dto';
import { Observer } from '../../src/observers/entities/observer.entity';
import { PollingStation } from '../../src/polling-stations/entities/polling-station.entity';
import { Team } from '../../src/teams/entities/team.entity';

let sequence = 0;

/** An instant on the mission factory's election day (7 February 2024, Baku time). */
export const onElectionDay = (hour: number, minute = 0) =>
  `2024-02-07T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+04:00`;

/** A valid deployment body (opening and voting, 07:00 to 12:00); a test overrides the field it is about. */
export function deploymentBody(overrides: Partial<CreateDeploymentDto> = {}): CreateDeploymentDto {
  return {
    pollingStationId: 1,
    stages: ['opening', 'voting'],
    startsAt: onElectionDay(7),
    endsAt: onElectionDay(12),
    ...overrides,
  };
}

export interface MissionPeople {
  stations: PollingStation[];
  /** teams[0] has members observers[0] and observers[1]; teams[1] has observers[3]. */
  teams: Team[];
  /** observers[2] is in no team. */
  observers: Observer[];
}

/**
 * Stations, teams and observers for deployment tests, stored straight through the DataSource so
 * these tests depend only on the entities, not on the other modules' endpoints.
 */
export async function insertMissionPeople(dataSource: DataSource, missionId: number): Promise<MissionPeople> {
  sequence += 1;
  const stations = await dataSource.getRepository(PollingStation).save(
    [1, 2, 3].map((n) => ({
      missionId,
      constituencyCode: '12',
      code: `${sequence}-${n}`,
      name: `School ${n}`,
      region: n === 3 ? 'Ganja' : 'Baku',
      registeredVoters: 800,
    })),
  );
  const teams = await dataSource
    .getRepository(Team)
    .save([1, 2].map((n) => ({ missionId, code: `D-${sequence}-${n}`, area: `Area ${n}` })));
  const observers = await dataSource.getRepository(Observer).save(
    [teams[0].id, teams[0].id, null, teams[1].id].map((teamId, n) => ({
      missionId,
      fullName: `Observer ${sequence}-${n}`,
      role: 'sto' as const,
      nationality: 'KZ',
      teamId,
    })),
  );
  return { stations, teams, observers };
}
