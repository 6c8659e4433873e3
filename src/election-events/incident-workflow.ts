import { IncidentStatus } from './entities/election-event.enums';

/**
 * Where an incident may go from each status. Escalated incidents are still open: whoever they were
 * escalated to verifies or dismisses them. Verified and dismissed are final; a mistake there is
 * corrected by reporting the incident again, so the trail never loses a decision.
 */
export const INCIDENT_TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  reported: ['verified', 'dismissed', 'escalated'],
  escalated: ['verified', 'dismissed'],
  verified: [],
  dismissed: [],
};
