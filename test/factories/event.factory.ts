import { DataSource } from 'typeorm';
import { CreateElectionEventDto } from '../../src/election-events/dto/election-event.dto';
import { Observer } from '../../src/observers/entities/observer.entity';
import { PollingStation } from '../../src/polling-stations/entities/polling-station.entity';

/** A valid meeting; a test overrides the one field it is about. */
export function eventBody(overrides: Partial<CreateElectionEventDto> = {}): CreateElectionEventDto {
  return {
    type: 'meeting',
    occurredAt: '2024-02-06T11:00:00+04:00',
    title: 'Meeting with the Minister of Foreign Affairs',
    counterpart: 'Jeyhun Bayramov',
    counterpartOrganization: 'Ministry of Foreign Affairs of the Republic of Azerbaijan',
    location: 'Baku',
    ...overrides,
  };
}

let serial = 0;

/**
 * Rows the events tests refer to, written straight through the entities so these tests do not
 * depend on the observers and polling-stations endpoints.
 */
export async function insertObserver(
  ds: DataSource,
  missionId: number,
  overrides: Partial<Observer> = {},
): Promise<Observer> {
  serial++;
  return ds.getRepository(Observer).save({
    missionId,
    fullName: `Observer ${serial}`,
    role: 'sto',
    nationality: 'TR',
    ...overrides,
  });
}

export async function insertStation(
  ds: DataSource,
  missionId: number,
  overrides: Partial<PollingStation> = {},
): Promise<PollingStation> {
  serial++;
  return ds.getRepository(PollingStation).save({
    missionId,
    constituencyCode: '121',
    code: String(serial),
    name: `Station ${serial}`,
    region: 'Lachin',
    ...overrides,
  });
}
