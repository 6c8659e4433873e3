import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { STAGES, Stage } from '../common/stages';

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

/** A stage in the URL: an unknown one is a 400 that lists the stages, not a 404. */
@Injectable()
export class ParseStagePipe implements PipeTransform<string, Stage> {
  transform(value: string): Stage {
    if (isStage(value)) return value;
    throw new BadRequestException(`stage must be one of ${STAGES.join(', ')}`);
  }
}
