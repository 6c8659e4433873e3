import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsDateTime } from '../../common/validators';
import { STAGES, Stage } from '../entities/election-event.enums';
import { OptionalIn } from './election-event.dto';

/** Query of POST /missions/:missionId/events/import (one row per station visit). */
export class EventsImportQueryDto {
  @ApiPropertyOptional({
    description:
      "Maps our field names (constituency, station, stage, occurred_at, overall_assessment, voters_voted, observer, or a question code) to the file's own headers, ourField:theirHeader,...",
    example: 'constituency:qarku,station:psID,overall_assessment:overallOpen',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  columns?: string;

  @ApiPropertyOptional({
    description:
      "Maps the file's words to our values for stage, overall assessment and answers, theirWord:ourValue,...; an empty right side means not answered",
    example: 'po:yes,jo:no,pjeserisht:partial,n/a:,na:,shummir:very_good,mir:good,meprob:bad,shumprob:very_bad',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  values?: string;

  @ApiPropertyOptional({
    description:
      'Headers of the file to leave out. Any other column that is neither a field nor a question of the checklists is refused, so a misspelt question is not silently dropped.',
    example: 'votersList',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  ignore?: string;

  @OptionalIn(STAGES, 'The stage of rows whose file has no stage column or an empty cell')
  stage?: Stage;

  @ApiPropertyOptional({
    example: '2017-06-25T07:00',
    description:
      "occurredAt of rows whose file has no occurred_at column or an empty cell; without an offset, on the mission's clocks",
  })
  @IsOptional()
  @IsDateTime()
  occurredAt?: string;
}
