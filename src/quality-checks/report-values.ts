import { localParts } from '../common/mission-time';
import { Stage } from '../common/stages';
import { SCHEDULED_STAGES, ScheduledStage, StageSchedule, withinHours } from '../missions/entities/stage-schedule';
import { CompiledCondition, ConditionValues, evaluateCondition } from './condition';

/** A station visit as the checks see it; answers by question code, as stored (text). */
export interface ReportFacts {
  id: number;
  stage: Stage;
  occurredAt: Date;
  overallAssessment: string | null;
  votersVoted: number | null;
  answers: Record<string, string | null>;
}

export interface StationFacts {
  registeredVoters: number | null;
  region: string | null;
}

/** The latest report of each stage among `reports`, by time then id (as the turnout figure picks). */
function latestByStage(reports: ReportFacts[]): Map<Stage, ReportFacts> {
  const latest = new Map<Stage, ReportFacts>();
  for (const r of reports) {
    const seen = latest.get(r.stage);
    if (
      !seen ||
      r.occurredAt.getTime() > seen.occurredAt.getTime() ||
      (r.occurredAt.getTime() === seen.occurredAt.getTime() && r.id > seen.id)
    ) {
      latest.set(r.stage, r);
    }
  }
  return latest;
}

const isScheduled = (stage: Stage): stage is ScheduledStage => (SCHEDULED_STAGES as readonly string[]).includes(stage);

/**
 * The values of report-names.ts's names for `report`: its answers and fields, its local time on the
 * mission's clocks against its stage's hours, its station, and the station's `others` reports
 * (the latest of each stage; the caller leaves out rejected ones and the report itself).
 */
export function reportValues(
  report: ReportFacts,
  others: ReportFacts[],
  station: StationFacts | null,
  schedule: StageSchedule,
  zone: string,
): ConditionValues {
  const values: Record<string, string | number | boolean | null> = { ...report.answers };
  values.overall_assessment = report.overallAssessment;
  values.voters_voted = report.votersVoted;
  const time = localParts(report.occurredAt, zone).time;
  values.time = time;
  if (isScheduled(report.stage)) {
    const hours = schedule[report.stage];
    values.stage_start = hours.from;
    values.stage_end = hours.to;
    values.outside_stage_hours = !withinHours(time, hours);
  }
  values['station.registered_voters'] = station?.registeredVoters ?? null;
  values['station.region'] = station?.region ?? null;
  for (const [stage, other] of latestByStage(others.filter((o) => o.id !== report.id))) {
    for (const [code, answer] of Object.entries(other.answers)) values[`${stage}.${code}`] = answer;
    values[`${stage}.overall_assessment`] = other.overallAssessment;
    values[`${stage}.voters_voted`] = other.votersVoted;
  }
  return values;
}

/** The ids of the checks whose condition holds for `values`. */
export function failingChecks(
  checks: { id: number; compiled: CompiledCondition }[],
  values: ConditionValues,
): number[] {
  return checks.filter((check) => evaluateCondition(check.compiled, values)).map((check) => check.id);
}
