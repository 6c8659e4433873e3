import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export const IMPORT_MODES = ['insert', 'upsert'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** Query parameters every CSV import takes; an importer with more (e.g. `values`) extends it. */
export class CsvImportQueryDto {
  @ApiPropertyOptional({
    description: "Maps our field names to the file's own headers, ourField:theirHeader,...",
    example: 'code:qvKod,region:qarku',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  columns?: string;

  @ApiPropertyOptional({
    enum: IMPORT_MODES,
    default: 'insert',
    description: 'insert: a row that already exists is an error; upsert: it is updated',
  })
  @IsOptional()
  @IsIn(IMPORT_MODES)
  mode: ImportMode = 'insert';
}

/** What a successful import answers. */
export interface ImportResult {
  created: number;
  updated: number;
}
