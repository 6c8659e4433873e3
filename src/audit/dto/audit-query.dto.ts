import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination';
import { IsInstant } from '../../common/validators';
import { AUDIT_ACTIONS, AuditAction } from '../entities/audit-entry.entity';

export class AuditQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: 'observer', description: 'Entity type: mission, observer, team, ...' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z_-]+$/, { message: 'entityType must be a lower-case entity name such as observer' })
  entityType?: string;

  @ApiPropertyOptional({ example: 12 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  entityId?: number;

  @ApiPropertyOptional({ example: 3, description: 'The user who made the change' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  actorUserId?: number;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional({ example: '2024-02-07T00:00:00+04:00', description: 'Entries at or after' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ example: '2024-02-08T00:00:00+04:00', description: 'Entries before' })
  @IsOptional()
  @IsInstant()
  to?: string;
}
