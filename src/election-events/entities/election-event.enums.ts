/** Events that are not tied to a station's procedure: they carry counterpart fields. */
export const CONTACT_EVENT_TYPES = ['meeting', 'briefing', 'press_conference', 'statement', 'other'] as const;
export const EVENT_TYPES = [...CONTACT_EVENT_TYPES, 'station_visit', 'incident'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export { STAGES } from '../../common/stages';
export type { Stage } from '../../common/stages';

export { NEGATIVE_ASSESSMENTS, OVERALL_ASSESSMENTS } from '../../common/assessments';
export type { OverallAssessment } from '../../common/assessments';

export const INCIDENT_CATEGORIES = [
  'intimidation',
  'vote_buying',
  'ballot_stuffing',
  'multiple_voting',
  'secrecy_violation',
  'unauthorized_persons',
  'procedural',
  'violence',
  'access_denied',
  'other',
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

/**
 * What review made of a report: every report starts unreviewed; a coordinator accepts it, sets it
 * aside as flagged for a follow-up, or rejects it (summaries leave rejected reports out).
 */
export const REVIEW_STATES = ['unreviewed', 'accepted', 'flagged', 'rejected'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];
/** The events that are reports, and so are reviewed: what observers send from the stations. */
export const REPORT_TYPES = ['station_visit', 'incident'] as const;

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const INCIDENT_STATUSES = ['reported', 'verified', 'dismissed', 'escalated'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
