import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MAX_INT } from '../../common/integer-fields';
import { PaginationQueryDto } from '../../common/pagination';
import { OmittableNotNull, Trim } from '../../common/validators';
import { STATION_TYPES, StationType } from '../entities/polling-station.enums';

export class CreatePollingStationDto {
  @ApiPropertyOptional({
    example: 'ZAZ 1',
    default: '',
    description: 'Constituency or election zone; station codes repeat across constituencies',
  })
  @OmittableNotNull()
  @Trim()
  @IsString()
  @MaxLength(64)
  constituencyCode?: string;

  @ApiProperty({ example: '0001', description: 'Unique within the mission and constituency' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  code: string;

  @ApiProperty({ example: 'Boric I Madh, Shkolla Vrake' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiPropertyOptional({ example: 'Gruemire', nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  address?: string | null;

  @ApiPropertyOptional({ example: 'Shkoder', nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  region?: string | null;

  @ApiPropertyOptional({ example: 'Malesi e Madhe', nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  district?: string | null;

  @ApiPropertyOptional({ example: 42.3161, minimum: -90, maximum: 90, nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  @ApiPropertyOptional({ example: 19.4592, minimum: -180, maximum: 180, nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude?: number | null;

  @ApiPropertyOptional({ example: 702, minimum: 0, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  registeredVoters?: number | null;

  @ApiPropertyOptional({ enum: STATION_TYPES, default: 'regular' })
  @OmittableNotNull()
  @IsIn(STATION_TYPES)
  type?: StationType;

  @ApiPropertyOptional({ type: [String], example: ['webcam', 'formerly-occupied'], default: [] })
  @OmittableNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((tag: unknown) => (typeof tag === 'string' ? tag.trim() : tag)) : value,
  )
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(64, { each: true })
  tags?: string[];
}

export class UpdatePollingStationDto extends PartialType(CreatePollingStationDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: 'The version you read; a stale one is refused with 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class PollingStationQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: 'Shkoder' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  region?: string;

  @ApiPropertyOptional({ example: 'ZAZ 1', description: 'Constituency code' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  constituency?: string;

  @ApiPropertyOptional({ enum: STATION_TYPES })
  @IsOptional()
  @IsIn(STATION_TYPES)
  type?: StationType;

  @ApiPropertyOptional({ example: 'webcam', description: 'Stations carrying this tag' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  tag?: string;

  @ApiPropertyOptional({ description: 'Case-insensitive text search over name, code and address' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
