import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const SUMMARY_FORMATS = ['json', 'md', 'html', 'csv'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

// An instant needs its offset: "2024-02-07T10:00" alone would mean the server's local time.
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/;
const INSTANT_MESSAGE = 'must be an ISO 8601 instant with a time zone, e.g. 2024-02-07T08:00:00Z';

export class SummaryQueryDto {
  @ApiPropertyOptional({ enum: SUMMARY_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(SUMMARY_FORMATS)
  format: SummaryFormat = 'json';

  @ApiPropertyOptional({
    example: '2024-02-07T00:00:00Z',
    description: 'Events that occurred at or after this instant',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: `from ${INSTANT_MESSAGE}` })
  @Matches(INSTANT, { message: `from ${INSTANT_MESSAGE}` })
  from?: string;

  @ApiPropertyOptional({
    example: '2024-02-08T06:00:00+04:00',
    description: 'Events that occurred at or before this instant',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: `to ${INSTANT_MESSAGE}` })
  @Matches(INSTANT, { message: `to ${INSTANT_MESSAGE}` })
  to?: string;

  @ApiPropertyOptional({ example: 'Absheron', description: 'Stations of this region only' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  region?: string;
}
