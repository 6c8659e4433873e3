import { CreateObserverDto } from '../../src/observers/dto/observer.dto';

let sequence = 0;

/**
 * A valid observer body for a mission hosted by AZ (the mission factory's default); a test
 * overrides the one field it is about. Accreditation numbers are unique per call.
 */
export function observerBody(overrides: Partial<CreateObserverDto> = {}): CreateObserverDto {
  sequence += 1;
  return {
    fullName: `Observer ${sequence}`,
    role: 'sto',
    nationality: 'KZ',
    gender: 'female',
    languages: ['kk', 'ru'],
    secondingOrganization: 'Parliament of Kazakhstan',
    accreditationStatus: 'accredited',
    accreditationNumber: `ACC-${sequence}`,
    accreditedAt: '2024-01-30',
    email: `observer${sequence}@example.org`,
    phone: '+7 701 555 0153',
    documentNumber: `N${100000 + sequence}`,
    dateOfBirth: '1978-05-21',
    ...overrides,
  };
}
