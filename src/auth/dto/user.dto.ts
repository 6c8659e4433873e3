import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  Min,
} from 'class-validator';
import { IsId, QueryId } from '../../common/integer-fields';
import { PaginationQueryDto } from '../../common/pagination';
import { OmittableNotNull, Trim } from '../../common/validators';
import { USER_ROLES, UserRole } from '../../common/request-context';

export class CreateUserDto {
  @ApiProperty({ example: 'Leyla Mammadova' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: USER_ROLES, example: 'coordinator' })
  @IsIn(USER_ROLES)
  role: UserRole;

  @ApiPropertyOptional({
    type: [Number],
    example: [1],
    description:
      'Missions the user belongs to. Empty for an admin (who belongs to all); for an observer, its record decides.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsId({ each: true })
  missionIds?: number[];

  @ApiPropertyOptional({
    example: 12,
    nullable: true,
    description: 'Role observer only: the observer record it reports as',
  })
  @IsOptional()
  @IsId()
  observerId?: number | null;
}

// skipNullProperties: false makes `"name": null` a 400 instead of a NOT NULL failure (a 500).
export class UpdateUserDto extends PartialType(CreateUserDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: 'false revokes the token (and refuses any new one) until set back to true' })
  @OmittableNotNull()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'The version you read; a stale one is refused with 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class UserQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @QueryId({ description: 'Users belonging to this mission' })
  missionId?: number;

  @ApiPropertyOptional({ description: 'Text search over names' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
