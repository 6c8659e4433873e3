import { Stage } from '../common/stages';
import { CheckSeverity } from './entities/quality-check.entity';

export interface DefaultCheck {
  stage: Stage;
  name: string;
  severity: CheckSeverity;
  condition: string;
}

const opposite = (stage: Stage) =>
  `(overall_assessment = 'good' or overall_assessment = 'very_good') and (${stage}.overall_assessment = 'bad' or ${stage}.overall_assessment = 'very_bad')` +
  ` or (overall_assessment = 'bad' or overall_assessment = 'very_bad') and (${stage}.overall_assessment = 'good' or ${stage}.overall_assessment = 'very_good')`;

const outsideHours = (stage: Stage): DefaultCheck => ({
  stage,
  name: `Visit outside the ${stage} hours`,
  severity: 'warning',
  condition: 'outside_stage_hours',
});

const disagreement = (stage: Stage): DefaultCheck => ({
  stage,
  name: 'Another report of this station and stage rates it the opposite way',
  severity: 'warning',
  condition: opposite(stage),
});

/**
 * The checks a new mission starts with, written for the default checklists (default-templates.ts);
 * coordinators change or delete them like their own.
 */
export const DEFAULT_CHECKS: DefaultCheck[] = [
  {
    stage: 'opening',
    name: 'Fewer than 3 commission members present',
    severity: 'warning',
    condition: 'commission_members_present < 3',
  },
  {
    stage: 'opening',
    name: 'Opened late yet rated very good',
    severity: 'warning',
    condition: "opened_on_time = 'no' and overall_assessment = 'very_good'",
  },
  {
    stage: 'opening',
    name: 'More voters on the list than the station has registered',
    severity: 'error',
    condition: 'voters_on_list > station.registered_voters',
  },
  outsideHours('opening'),
  disagreement('opening'),
  outsideHours('voting'),
  disagreement('voting'),
  outsideHours('closing'),
  disagreement('closing'),
  {
    stage: 'counting',
    name: 'Voters counted differ from the closing report',
    severity: 'error',
    condition: 'voters_voted <> closing.voters_voted',
  },
  outsideHours('counting'),
  disagreement('counting'),
];
