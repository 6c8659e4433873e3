import type { TestApp } from '../app';
import { CreateMissionDto } from '../../src/missions/dto/mission.dto';

/** A valid mission body; a test overrides the one field it is about. */
export function missionBody(overrides: Partial<CreateMissionDto> = {}): CreateMissionDto {
  return {
    name: 'Test Election Observation Mission',
    organization: 'TURKPA',
    kind: 'parliamentary_delegation',
    hostCountry: 'AZ',
    electionName: 'Extraordinary presidential election',
    electionType: 'presidential',
    electionDate: '2024-02-07',
    startDate: '2024-02-04',
    endDate: '2024-02-09',
    timezone: 'Asia/Baku',
    ...overrides,
  };
}

/** Creates a mission through the API (as the test admin) and answers its id. */
export async function createMission(t: TestApp, overrides: Partial<CreateMissionDto> = {}): Promise<number> {
  return (await t.http().post('/api/v1/missions').send(missionBody(overrides)).expect(201)).body.id as number;
}

/** A missions row's columns (without the id) for tests that insert rows below the API. */
export const MISSION_ROW_COLUMNS = [
  'name',
  'organization',
  'kind',
  'hostCountry',
  'electionName',
  'electionType',
  'electionDate',
  'startDate',
  'endDate',
  'timezone',
  'status',
];

/** The values of MISSION_ROW_COLUMNS for a mission named `name`. */
export function missionRowValues(name: string, status = 'planned'): unknown[] {
  return [
    name,
    'OSCE/ODIHR',
    'eom',
    'AZ',
    'Early presidential election',
    'presidential',
    '2024-02-07',
    '2024-01-20',
    '2024-02-10',
    'Asia/Baku',
    status,
  ];
}
