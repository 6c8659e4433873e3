import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, Matches, ValidateNested } from 'class-validator';
import { HH_MM, StageHours, StageSchedule } from '../entities/stage-schedule';

export class StageHoursDto implements StageHours {
  @ApiProperty({ example: '08:00' })
  @Matches(HH_MM, { message: '$property must be a local time written HH:MM' })
  from: string;

  @ApiProperty({ example: '20:00', description: 'Before `from`: the stage runs past midnight' })
  @Matches(HH_MM, { message: '$property must be a local time written HH:MM' })
  to: string;
}

/** Every scheduled stage's hours on the mission's clocks. */
export class StageScheduleDto implements StageSchedule {
  @ApiProperty({ type: StageHoursDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => StageHoursDto)
  opening: StageHoursDto;

  @ApiProperty({ type: StageHoursDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => StageHoursDto)
  voting: StageHoursDto;

  @ApiProperty({ type: StageHoursDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => StageHoursDto)
  closing: StageHoursDto;

  @ApiProperty({ type: StageHoursDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => StageHoursDto)
  counting: StageHoursDto;
}
