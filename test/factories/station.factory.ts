import { CreatePollingStationDto } from '../../src/polling-stations/dto/polling-station.dto';

let sequence = 0;

/** A valid polling station body with a code unique per call; a test overrides the one field it is about. */
export function stationBody(overrides: Partial<CreatePollingStationDto> = {}): CreatePollingStationDto {
  sequence += 1;
  return {
    constituencyCode: 'ZAZ 1',
    code: `S${String(sequence).padStart(4, '0')}`,
    name: `School No. ${sequence}`,
    address: 'Main street 1, Gruemire',
    region: 'Shkoder',
    district: 'Malesi e Madhe',
    latitude: 42.3161,
    longitude: 19.4592,
    registeredVoters: 702,
    type: 'regular',
    tags: [],
    ...overrides,
  };
}
