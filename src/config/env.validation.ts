import type { LogLevel } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsIP,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { BYTE_SIZE } from './byte-size';

export const DB_TYPES = ['sqlite', 'postgres'] as const;
export type DbType = (typeof DB_TYPES)[number];

/** From the quietest to the most talkative; each level includes the ones before it. */
export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

/** The levels Nest's logger prints for LOG_LEVEL `level` (fatal always). */
export function logLevelsUpTo(level: (typeof LOG_LEVELS)[number]): LogLevel[] {
  return ['fatal', ...LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1)];
}

const toBoolean = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  return value;
};

/** The environment the tracker starts with. A bad value stops the start, naming the variable. */
export class EnvironmentVariables {
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === undefined || value === '' ? value : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** The address to listen on: `::` is every interface (IPv4 too, on a dual-stack host). */
  @IsIP(undefined, { message: 'HOST must be an IP address, e.g. 0.0.0.0, 127.0.0.1 or ::' })
  HOST: string = '::';

  @IsIn(DB_TYPES)
  DB_TYPE: DbType = 'sqlite';

  @IsString()
  @MinLength(1)
  DATABASE_PATH: string = 'data/eom.sqlite';

  @ValidateIf((env: EnvironmentVariables) => env.DB_TYPE === 'postgres')
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL when DB_TYPE=postgres' })
  DATABASE_URL?: string;

  @Transform(toBoolean)
  @IsBoolean()
  SEED_SAMPLE: boolean = true;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADMIN_TOKEN must be at least 16 characters' })
  ADMIN_TOKEN?: string;

  @Transform(({ value }: { value: unknown }) => (value === undefined || value === '' ? value : Number(value)))
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_MINUTE: number = 600;

  @IsString()
  @Matches(BYTE_SIZE, { message: 'JSON_BODY_LIMIT must look like 1mb, 500kb or 1048576' })
  JSON_BODY_LIMIT: string = '1mb';

  @IsString()
  @Matches(BYTE_SIZE, { message: 'CSV_BODY_LIMIT must look like 50mb, 500kb or 1048576' })
  CSV_BODY_LIMIT: string = '50mb';

  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'log';
}

/** Validates raw environment variables; throws one Error listing every bad variable. */
export function validateEnv(config: Record<string, unknown>): EnvironmentVariables {
  const cleaned = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(EnvironmentVariables, cleaned, { enableImplicitConversion: false });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) => `  ${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  return env;
}
