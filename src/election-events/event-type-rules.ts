import { FieldError } from '../common/validation';
import { CONTACT_EVENT_TYPES, EventType } from './entities/election-event.enums';
import { AnswerValue } from './dto/election-event.dto';

/** Fields that belong to some event types only; a type leaves the others empty. */
export const TYPE_SPECIFIC_FIELDS = [
  'counterpart',
  'counterpartOrganization',
  'location',
  'stage',
  'overallAssessment',
  'votersVoted',
  'answers',
  'category',
  'severity',
  'status',
] as const;
export type TypeSpecificField = (typeof TYPE_SPECIFIC_FIELDS)[number];

/** An event as it will be stored (a create's body, or a PATCH merged over the stored event). */
export type EventState = { type: EventType; pollingStationId: number | null } & {
  [F in TypeSpecificField]?: F extends 'answers' ? Record<string, AnswerValue> | null : unknown;
};

export type EventFamily = 'contact' | 'station_visit' | 'incident';

export interface EventTypeRule {
  family: EventFamily;
  /** The type-specific fields this type uses. */
  fields: readonly TypeSpecificField[];
  required: readonly (TypeSpecificField | 'pollingStationId')[];
  /** Rules a field list cannot say. */
  check?: (state: EventState) => FieldError[];
}

const contact: EventTypeRule = {
  family: 'contact',
  fields: ['counterpart', 'counterpartOrganization', 'location'],
  required: [],
};

/**
 * What each event type carries. Adding a type, or teaching one more, is an entry here; the service
 * applies whatever this table says to creates and to PATCHes alike.
 */
export const EVENT_TYPE_RULES: Record<EventType, EventTypeRule> = {
  ...(Object.fromEntries(CONTACT_EVENT_TYPES.map((t) => [t, contact])) as Record<
    (typeof CONTACT_EVENT_TYPES)[number],
    EventTypeRule
  >),
  station_visit: {
    family: 'station_visit',
    fields: ['stage', 'overallAssessment', 'votersVoted', 'answers'],
    required: ['pollingStationId', 'stage'],
    // Answers are checked against the stage's checklist template (event-checks.ts, event-create.service.ts).
  },
  incident: {
    family: 'incident',
    fields: ['category', 'severity', 'status'],
    required: ['category', 'severity'],
  },
};

const isEmpty = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);

/** Every way `state` breaks its type's rule: missing required fields, fields the type does not use. */
export function checkEventType(state: EventState): FieldError[] {
  const rule = EVENT_TYPE_RULES[state.type];
  const errors: FieldError[] = [];
  for (const field of rule.required) {
    const value = field === 'pollingStationId' ? state.pollingStationId : state[field];
    if (isEmpty(value)) errors.push({ field, message: `${field} is required for ${state.type} events` });
  }
  for (const field of TYPE_SPECIFIC_FIELDS) {
    if (!rule.fields.includes(field) && !isEmpty(state[field])) {
      errors.push({ field, message: `${field} does not apply to ${state.type} events` });
    }
  }
  return errors.length ? errors : (rule.check?.(state) ?? []);
}

/** A PATCH may re-label an event within its family (a meeting was a briefing), never across. */
export function checkTypeChange(from: EventType, to: EventType): FieldError[] {
  if (EVENT_TYPE_RULES[from].family === EVENT_TYPE_RULES[to].family) return [];
  return [
    {
      field: 'type',
      message: `type cannot change from ${from} to ${to}; delete the event and record a new one`,
    },
  ];
}
