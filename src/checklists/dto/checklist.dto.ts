import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Trim } from '../../common/validators';
import { STAGES, Stage } from '../../common/stages';
import { QUESTION_TYPES, QuestionType } from '../entities/checklist.types';
import {
  MAX_QUESTION_CODE_LENGTH,
  MAX_QUESTION_TEXT_LENGTH,
  MAX_QUESTIONS_PER_STAGE,
  QUESTION_CODE_PATTERN,
} from '../checklist-rules';

export class ChecklistQuestionDto {
  @ApiProperty({ example: 'ballot_box_sealed', description: 'snake_case, unique within the stage' })
  @IsString()
  @MaxLength(MAX_QUESTION_CODE_LENGTH)
  @Matches(QUESTION_CODE_PATTERN, { message: '$property must be snake_case (e.g. ballot_box_sealed)' })
  code: string;

  @ApiProperty({ example: 'Was the ballot box properly sealed?' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_QUESTION_TEXT_LENGTH)
  text: string;

  @ApiProperty({ enum: QUESTION_TYPES, example: 'yes_no' })
  @IsIn(QUESTION_TYPES)
  type: QuestionType;

  @ApiPropertyOptional({ type: [String], example: [], description: 'The answers of a choice question' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((v: unknown) => (typeof v === 'string' ? v.trim() : v)) : value,
  )
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  options?: string[] | null;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ type: [String], example: ['no'], description: 'Answers that count as a negative finding' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  negativeAnswers?: string[] | null;
}

export class PutChecklistDto {
  @ApiPropertyOptional({ enum: STAGES, description: 'When sent, must be the stage of the URL' })
  @IsOptional()
  @IsIn(STAGES)
  stage?: Stage;

  @ApiProperty({ type: [ChecklistQuestionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_QUESTIONS_PER_STAGE)
  @ValidateNested({ each: true })
  @Type(() => ChecklistQuestionDto)
  questions: ChecklistQuestionDto[];

  @ApiPropertyOptional({ description: 'The version you read; a stale one is refused with 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
