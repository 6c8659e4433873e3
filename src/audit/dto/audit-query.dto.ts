import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { QueryId } from '../../common/integer-fields';
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

  @QueryId({ example: 12 })
  entityId?: number;

  @QueryId({ example: 3, description: 'The user who made the change' })
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
