export const MISSION_KINDS = [
  'eom',
  'limited_eom',
  'assessment',
  'needs_assessment',
  'parliamentary_delegation',
  'citizen_observation',
] as const;
export type MissionKind = (typeof MISSION_KINDS)[number];

export const ELECTION_TYPES = ['presidential', 'parliamentary', 'local', 'referendum', 'other'] as const;
export type ElectionType = (typeof ELECTION_TYPES)[number];

export const MISSION_STATUSES = ['planned', 'active', 'reporting', 'closed'] as const;
export type MissionStatus = (typeof MISSION_STATUSES)[number];
