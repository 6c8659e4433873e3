import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { IsId, QueryId } from '../../common/integer-fields';
import { PaginationQueryDto } from '../../common/pagination';
import { IsInstant, IsInstantOrDate } from '../../common/validators';
import { STAGES, Stage } from '../../common/stages';
import { DEPLOYMENT_STATUSES, DeploymentStatus } from '../entities/deployment.entity';

export class CreateDeploymentDto {
  @ApiPropertyOptional({ example: 3, description: 'The team deployed; give teamId or observerId, not both' })
  @IsOptional()
  @IsId()
  teamId?: number | null;

  @ApiPropertyOptional({
    example: null,
    description: 'One observer deployed alone; give teamId or observerId, not both',
  })
  @IsOptional()
  @IsId()
  observerId?: number | null;

  @ApiProperty({ example: 12 })
  @IsId()
  pollingStationId: number;

  @ApiProperty({ enum: STAGES, isArray: true, example: ['opening', 'voting'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(STAGES.length)
  @ArrayUnique({ message: 'stages must not repeat a stage' })
  @IsIn(STAGES, { each: true, message: `each of stages must be one of ${STAGES.join(', ')}` })
  stages: Stage[];

  @ApiProperty({ example: '2024-02-07T07:00:00+04:00' })
  @IsInstant()
  startsAt: string;

  @ApiProperty({ example: '2024-02-07T13:00:00+04:00', description: 'After startsAt' })
  @IsInstant()
  endsAt: string;

  @ApiPropertyOptional({ enum: DEPLOYMENT_STATUSES, default: 'planned' })
  @IsOptional()
  @IsIn(DEPLOYMENT_STATUSES)
  status?: DeploymentStatus;
}

export class UpdateDeploymentDto extends PartialType(CreateDeploymentDto) {
  @ApiPropertyOptional({ description: 'The version you read; a stale one is refused with 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class DeploymentQueryDto extends PaginationQueryDto {
  @QueryId()
  teamId?: number;

  @QueryId({ description: "The observer's deployments: alone, or with the team they are in now" })
  observerId?: number;

  @QueryId()
  pollingStationId?: number;

  @ApiPropertyOptional({ enum: STAGES })
  @IsOptional()
  @IsIn(STAGES)
  stage?: Stage;

  @ApiPropertyOptional({ enum: DEPLOYMENT_STATUSES })
  @IsOptional()
  @IsIn(DEPLOYMENT_STATUSES)
  status?: DeploymentStatus;

  @ApiPropertyOptional({
    example: '2024-02-07',
    description:
      "Deployments whose window ends after this instant, or after the start of this date in the mission's time zone",
  })
  @IsOptional()
  @IsInstantOrDate()
  from?: string;

  @ApiPropertyOptional({
    example: '2024-02-07',
    description:
      "Deployments whose window starts before this instant, or before the end of this date in the mission's time zone",
  })
  @IsOptional()
  @IsInstantOrDate()
  to?: string;
}
