import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { QueryId } from '../../common/integer-fields';
import { PaginationQueryDto } from '../../common/pagination';
import { IsInstantOrDate } from '../../common/validators';
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

  @ApiPropertyOptional({
    example: '2024-02-07',
    description: "Entries at or after this instant, or from the start of this date in the mission's time zone",
  })
  @IsOptional()
  @IsInstantOrDate()
  from?: string;

  @ApiPropertyOptional({
    example: '2024-02-07',
    description: "Entries before this instant, or up to the end of this date in the mission's time zone",
  })
  @IsOptional()
  @IsInstantOrDate()
  to?: string;
}
