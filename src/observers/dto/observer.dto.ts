import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { IsId, QueryId } from '../../common/integer-fields';
import { PaginationQueryDto } from '../../common/pagination';
import { IsCalendarDate, IsCountryCode, OmittableNotNull, Trim } from '../../common/validators';
import {
  ACCREDITATION_STATUSES,
  AccreditationStatus,
  GENDERS,
  Gender,
  OBSERVER_ROLES,
  ObserverRole,
} from '../entities/observer.enums';
import { IsPastDate, PHONE_PATTERN } from '../observer.rules';

export class CreateObserverDto {
  @ApiProperty({ example: 'Aigerim Nurlanovna Sadykova' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName: string;

  @ApiProperty({ enum: OBSERVER_ROLES, example: 'sto' })
  @IsIn(OBSERVER_ROLES)
  role: ObserverRole;

  @ApiProperty({ example: 'KZ', description: 'ISO 3166-1 alpha-2; may not be the host country' })
  @IsCountryCode()
  nationality: string;

  @ApiPropertyOptional({ enum: GENDERS, default: 'undisclosed' })
  @OmittableNotNull()
  @IsIn(GENDERS)
  gender?: Gender;

  @ApiPropertyOptional({ type: [String], example: ['kk', 'ru', 'en'], description: 'ISO 639-1 codes or names' })
  @OmittableNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(50, { each: true })
  languages?: string[];

  @ApiPropertyOptional({ example: 'Parliament of Kazakhstan', nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  secondingOrganization?: string | null;

  @ApiPropertyOptional({ example: 3, nullable: true, description: 'A team of the same mission' })
  @IsOptional()
  @IsId()
  teamId?: number | null;

  @ApiPropertyOptional({ enum: ACCREDITATION_STATUSES, default: 'pending' })
  @OmittableNotNull()
  @IsIn(ACCREDITATION_STATUSES)
  accreditationStatus?: AccreditationStatus;

  @ApiPropertyOptional({ example: 'CEC-2024-0153', nullable: true, description: 'Unique within the mission' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  accreditationNumber?: string | null;

  @ApiPropertyOptional({ example: '2024-01-30', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  accreditedAt?: string | null;

  @ApiPropertyOptional({ example: 'a.sadykova@example.org', nullable: true })
  @IsOptional()
  @Trim()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email?: string | null;

  @ApiPropertyOptional({ example: '+7 701 555 0153', nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'phone may hold digits, spaces, ( ) . / - and a leading +' })
  @MaxLength(64)
  phone?: string | null;

  @ApiPropertyOptional({ example: 'N12345678', nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  documentNumber?: string | null;

  @ApiPropertyOptional({ example: '1978-05-21', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  @IsPastDate()
  dateOfBirth?: string | null;
}

// skipNullProperties: false makes `"fullName": null` a 400 instead of a NOT NULL failure.
export class UpdateObserverDto extends PartialType(CreateObserverDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: 'The version you read; a stale one is refused with 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ObserverQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: OBSERVER_ROLES })
  @IsOptional()
  @IsIn(OBSERVER_ROLES)
  role?: ObserverRole;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @IsCountryCode()
  nationality?: string;

  @ApiPropertyOptional({ enum: ACCREDITATION_STATUSES })
  @IsOptional()
  @IsIn(ACCREDITATION_STATUSES)
  accreditationStatus?: AccreditationStatus;

  @QueryId({ description: 'Members of this team' })
  teamId?: number;

  @ApiPropertyOptional({ description: 'Text search over name, accreditation number and seconding organization' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
