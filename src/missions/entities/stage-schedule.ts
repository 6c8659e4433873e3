/** The election-day stages that happen at set hours; tabulation runs on at the election commission. */
export const SCHEDULED_STAGES = ['opening', 'voting', 'closing', 'counting'] as const;
export type ScheduledStage = (typeof SCHEDULED_STAGES)[number];

/** A stage's local hours on the mission's clocks, HH:MM; `to` before `from` runs past midnight. */
export interface StageHours {
  from: string;
  to: string;
}
export type StageSchedule = Record<ScheduledStage, StageHours>;

/**
 * The hours most election laws set (polls open 08:00 to 20:00, the commission meets an hour before
 * and counts after closing); a mission sets its country's with `stageSchedule`.
 */
export const DEFAULT_STAGE_SCHEDULE: StageSchedule = {
  opening: { from: '07:00', to: '08:00' },
  voting: { from: '08:00', to: '20:00' },
  closing: { from: '20:00', to: '21:00' },
  counting: { from: '20:00', to: '02:00' },
};

/** A local time of day, HH:MM. */
export const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Whether the local time `time` (HH:MM) falls within `hours`, ends included, across midnight too. */
export function withinHours(time: string, hours: StageHours): boolean {
  return hours.from <= hours.to ? time >= hours.from && time <= hours.to : time >= hours.from || time <= hours.to;
}
