export const OBSERVER_ROLES = [
  'head_of_mission',
  'deputy_head',
  'core_team',
  'lto',
  'sto',
  'parliamentarian',
  'interpreter',
  'driver',
  'staff',
] as const;
export type ObserverRole = (typeof OBSERVER_ROLES)[number];

export const GENDERS = ['female', 'male', 'other', 'undisclosed'] as const;
export type Gender = (typeof GENDERS)[number];

export const ACCREDITATION_STATUSES = ['pending', 'accredited', 'rejected', 'revoked'] as const;
export type AccreditationStatus = (typeof ACCREDITATION_STATUSES)[number];

/** Fields that identify a person outside the mission: shown only to admins and coordinators. */
export const PERSONAL_DATA_FIELDS = ['email', 'phone', 'documentNumber', 'dateOfBirth'] as const;
