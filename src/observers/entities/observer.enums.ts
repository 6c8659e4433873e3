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
