// The API's enumerations (src/**/*.enums.ts); labels come from the translation files.
export const MISSION_KINDS = ['eom', 'limited_eom', 'assessment', 'needs_assessment', 'parliamentary_delegation', 'citizen_observation'];
export const ELECTION_TYPES = ['presidential', 'parliamentary', 'local', 'referendum', 'other'];
export const MISSION_STATUSES = ['planned', 'active', 'reporting', 'closed'];
export const OBSERVER_ROLES = ['head_of_mission', 'deputy_head', 'core_team', 'lto', 'sto', 'parliamentarian', 'interpreter', 'driver', 'staff'];
export const GENDERS = ['female', 'male', 'other', 'undisclosed'];
export const ACCREDITATION_STATUSES = ['pending', 'accredited', 'rejected', 'revoked'];
export const STATION_TYPES = ['regular', 'special', 'abroad', 'military', 'hospital', 'penitentiary'];
export const CONTACT_EVENT_TYPES = ['meeting', 'briefing', 'press_conference', 'statement', 'other'];
export const EVENT_TYPES = [...CONTACT_EVENT_TYPES, 'station_visit', 'incident'];
export const STAGES = ['opening', 'voting', 'closing', 'counting', 'tabulation'];
export const OVERALL_ASSESSMENTS = ['very_good', 'good', 'bad', 'very_bad', 'not_applicable'];
export const INCIDENT_CATEGORIES = ['intimidation', 'vote_buying', 'ballot_stuffing', 'multiple_voting', 'secrecy_violation', 'unauthorized_persons', 'procedural', 'violence', 'access_denied', 'other'];
export const SEVERITIES = ['low', 'medium', 'high', 'critical'];
export const INCIDENT_STATUSES = ['reported', 'verified', 'dismissed', 'escalated'];
export const DEPLOYMENT_STATUSES = ['planned', 'done', 'cancelled'];
export const REVIEW_STATES = ['unreviewed', 'accepted', 'flagged', 'rejected'];
