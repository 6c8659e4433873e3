import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination';
import { STAGES, Stage } from '../../common/stages';
import { OmittableNotNull, Trim } from '../../common/validators';
import { MAX_CONDITION_LENGTH } from '../condition';
import { CHECK_SEVERITIES, CheckSeverity, RecheckState } from '../entities/quality-check.entity';

export class CreateQualityCheckDto {
  @ApiProperty({ enum: STAGES, example: 'opening' })
  @IsIn(STAGES)
  stage: Stage;

  @ApiProperty({ example: 'Fewer than 3 commission members present' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: CHECK_SEVERITIES, example: 'warning' })
  @IsIn(CHECK_SEVERITIES)
  severity: CheckSeverity;

  @ApiProperty({
    example: 'commission_members_present < 3',
    description: 'Flags a report when it holds; the language: src/quality-checks/condition/README.md',
  })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_CONDITION_LENGTH)
  condition: string;
}

export class UpdateQualityCheckDto {
  @ApiPropertyOptional()
  @OmittableNotNull()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: CHECK_SEVERITIES })
  @OmittableNotNull()
  @IsIn(CHECK_SEVERITIES)
  severity?: CheckSeverity;

  @ApiPropertyOptional()
  @OmittableNotNull()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_CONDITION_LENGTH)
  condition?: string;

  @ApiPropertyOptional({ description: 'The version you read; a stale one is refused with 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class QualityCheckQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: STAGES })
  @IsOptional()
  @IsIn(STAGES)
  stage?: Stage;
}

export class ReportNamesQueryDto {
  @ApiProperty({ enum: STAGES })
  @IsIn(STAGES)
  stage: Stage;
}

/** A check as the API answers it. */
export interface QualityCheckView {
  id: number;
  missionId: number;
  stage: Stage;
  name: string;
  severity: CheckSeverity;
  condition: string;
  /** Reports (not rejected) the check flags now. */
  flaggedReports: number;
  recheck: { state: RecheckState; checked: number; total: number };
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
