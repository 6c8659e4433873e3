import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstantOrDate } from '../../common/validators';
import { REVIEW_RULES, ReviewRule } from '../summary.types';

export const SUMMARY_FORMATS = ['json', 'md', 'html', 'csv'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

export class SummaryQueryDto {
  @ApiPropertyOptional({ enum: SUMMARY_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(SUMMARY_FORMATS)
  format: SummaryFormat = 'json';

  @ApiPropertyOptional({
    example: '2024-02-07',
    description:
      "Events that occurred at or after this instant, or from the start of this date in the mission's time zone",
  })
  @IsOptional()
  @IsInstantOrDate()
  from?: string;

  @ApiPropertyOptional({
    example: '2024-02-07',
    description:
      "Events that occurred at or before this instant, or to the end of this date in the mission's time zone",
  })
  @IsOptional()
  @IsInstantOrDate()
  to?: string;

  @ApiPropertyOptional({
    enum: REVIEW_RULES,
    default: 'not_rejected',
    description: 'Which reports count: all but rejected ones, accepted ones only, or all',
  })
  @IsOptional()
  @IsIn(REVIEW_RULES)
  review?: ReviewRule;

  @ApiPropertyOptional({ example: 'Absheron', description: 'Stations of this region only' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  region?: string;
}
