import { actorCanSeePersonalData } from '../access/actor';
import { Caller } from '../common/request-context';
import { Observer } from './entities/observer.entity';
import { PERSONAL_DATA_FIELDS } from '../common/personal-data';

type PersonalDataField = (typeof PERSONAL_DATA_FIELDS)[number];

/** An observer as the API shows it; personal data is absent for those who may not see it. */
export type ObserverResponse = Omit<Observer, 'mission' | 'team' | PersonalDataField> &
  Partial<Pick<Observer, PersonalDataField>>;

/**
 * The ONE place an observer becomes JSON: whatever hides personal data from some readers
 * belongs here, so no endpoint can leak it by serializing the entity another way.
 */
export function toObserverResponse(observer: Observer, caller: Caller): ObserverResponse {
  const response: ObserverResponse = {
    id: observer.id,
    missionId: observer.missionId,
    fullName: observer.fullName,
    role: observer.role,
    nationality: observer.nationality,
    gender: observer.gender,
    languages: observer.languages ?? [],
    secondingOrganization: observer.secondingOrganization ?? null,
    teamId: observer.teamId ?? null,
    accreditationStatus: observer.accreditationStatus,
    accreditationNumber: observer.accreditationNumber ?? null,
    accreditedAt: observer.accreditedAt ?? null,
    email: observer.email ?? null,
    phone: observer.phone ?? null,
    documentNumber: observer.documentNumber ?? null,
    dateOfBirth: observer.dateOfBirth ?? null,
    version: observer.version,
    createdAt: observer.createdAt,
    updatedAt: observer.updatedAt,
  };
  // Personal data leaves the server for admins and coordinators only: for anyone else the
  // fields are absent, not null, so a client cannot mistake them for "not recorded".
  if (!actorCanSeePersonalData(caller)) for (const field of PERSONAL_DATA_FIELDS) delete response[field];
  return response;
}
