import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { IsId } from '../../common/integer-fields';
import { PaginationQueryDto } from '../../common/pagination';
import { Trim } from '../../common/validators';

export class CreateTeamDto {
  @ApiProperty({ example: 'LTO-03', description: 'Unique within the mission' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  @Matches(/^[^\s;,]+$/, { message: 'code may not contain spaces, commas or semicolons' })
  code: string;

  @ApiPropertyOptional({ example: 'Ganja-Gazakh economic region', nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  area?: string | null;

  @ApiPropertyOptional({
    type: [Number],
    example: [12, 13],
    description: 'Observers of this mission; setting it replaces the members',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique({ message: 'memberIds must not repeat an observer' })
  @IsId({ each: true })
  memberIds?: number[];
}

// skipNullProperties: false makes `"code": null` a 400 instead of a NOT NULL failure.
export class UpdateTeamDto extends PartialType(CreateTeamDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: 'The version you read; a stale one is refused with 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class TeamQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Text search over code and area' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
