import { Stage } from '../common/stages';
import { EventType } from '../election-events/entities/election-event.enums';
import { MissionStatus } from '../missions/entities/mission.enums';

/** Counts keyed by a category value; rows whose value is missing are counted under UNSPECIFIED. */
export type Counts = Record<string, number>;

export const UNSPECIFIED = 'unspecified';

export interface SummaryFilters {
  /** Events that occurred at or after this instant. */
  from?: Date;
  /** Events that occurred at or before this instant. */
  to?: Date;
  /** Stations (and the events at them) of this region only. */
  region?: string;
  /** Which reports count: all but rejected ones (the default), accepted ones only, or all. */
  review?: ReviewRule;
}

export const REVIEW_RULES = ['not_rejected', 'accepted', 'all'] as const;
export type ReviewRule = (typeof REVIEW_RULES)[number];

export interface StageCoverage {
  observedStations: number;
  /** observedStations / stations.total, 0 when there are no stations. */
  share: number;
  byRegion: Record<string, { observed: number; total: number }>;
}

export interface QuestionFigures {
  answered: number;
  negative: number;
  /** negative / answered; null when nothing was answered. */
  negativeShare: number | null;
}

export interface StageAssessment {
  reports: number;
  rated: number;
  negative: number;
  /** negative / rated; null when no report was rated. */
  negativeShare: number | null;
  questions: Record<string, QuestionFigures>;
}

export interface TimelineEntry {
  occurredAt: string;
  type: EventType;
  title: string;
}

export interface MissionSummary {
  mission: {
    id: number;
    name: string;
    organization: string;
    hostCountry: string;
    electionName: string;
    electionDate: string;
    /** The mission's IANA time zone: the Markdown, HTML and CSV show times on its clocks. */
    timezone: string;
    status: MissionStatus;
  };
  observers: {
    total: number;
    byRole: Counts;
    byNationality: Counts;
    byGender: Counts;
    byAccreditation: Counts;
    teams: number;
  };
  stations: { total: number; registeredVoters: number; byRegion: Counts; byType: Counts; byTag: Counts };
  coverage: Record<Stage, StageCoverage>;
  assessments: Record<Stage, StageAssessment>;
  incidents: { total: number; byCategory: Counts; bySeverity: Counts; byStatus: Counts; byRegion: Counts };
  turnout: { stationsReporting: number; votersVoted: number; registeredVoters: number; share: number | null };
  timeline: TimelineEntry[];
  /** The review rule the figures follow, and the reports (visits and incidents) it left out. */
  review: { rule: ReviewRule; reportsLeftOut: number };
  dataQuality: {
    deploymentsWithoutReport: number;
    stationsWithConflictingAssessments: number;
    eventsOutsideMissionPeriod: number;
    /** Reports no coordinator has decided on yet (within the filters, whatever the rule). */
    unreviewedReports: number;
    /** Each quality check with the reports it flags (within the filters and the review rule). */
    checks: { id: number; stage: Stage; name: string; severity: string; flaggedReports: number }[];
  };
}

/** A station on the HTML page's map; only stations with both coordinates are drawn. */
export interface StationPoint {
  latitude: number;
  longitude: number;
  /** Visited at least once (any stage) within the filters. */
  observed: boolean;
}

/** What a page shows besides the summary itself: the filters it was made with and the map. */
export interface RenderContext {
  filters: { from?: string; to?: string; region?: string; review?: ReviewRule };
  generatedAt: string;
  stations?: StationPoint[];
}
