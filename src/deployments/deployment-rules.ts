import { FieldError } from '../common/validation';
import { STAGES, Stage } from '../common/stages';

export interface DeploymentShape {
  teamId: number | null;
  observerId: number | null;
  startsAt: Date;
  endsAt: Date;
}

/** Who is deployed, and when: rules across fields that their decorators cannot express. */
export function checkDeploymentShape(d: DeploymentShape): FieldError[] {
  const errors: FieldError[] = [];
  if (d.teamId === null && d.observerId === null) {
    errors.push({ field: 'teamId', message: 'teamId: a deployment needs a teamId or an observerId' });
  } else if (d.teamId !== null && d.observerId !== null) {
    errors.push({
      field: 'teamId',
      message: 'teamId: a deployment is for a team or for one observer, not both (send null for the other)',
    });
  }
  if (d.endsAt.getTime() <= d.startsAt.getTime()) {
    errors.push({ field: 'endsAt', message: 'endsAt must be after startsAt' });
  }
  return errors;
}

/** Stages in the order of election day, so the same set is always stored the same way. */
export function orderedStages(stages: Stage[]): Stage[] {
  return STAGES.filter((stage) => stages.includes(stage));
}
