import { logLevelsUpTo, validateEnv } from './env.validation';

describe('validateEnv', () => {
  it('fills the documented defaults when nothing is set', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      HOST: '::',
      DB_TYPE: 'sqlite',
      DATABASE_PATH: 'data/eom.sqlite',
      SEED_SAMPLE: true,
      RATE_LIMIT_PER_MINUTE: 600,
      JSON_BODY_LIMIT: '1mb',
      CSV_BODY_LIMIT: '50mb',
      LOG_LEVEL: 'log',
    });
  });

  it('reads numbers and booleans from their string form', () => {
    const env = validateEnv({ PORT: '8080', SEED_SAMPLE: 'false', RATE_LIMIT_PER_MINUTE: '0' });
    expect(env).toMatchObject({ PORT: 8080, SEED_SAMPLE: false, RATE_LIMIT_PER_MINUTE: 0 });
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['HOST', { HOST: 'localhost:3000' }],
    ['DB_TYPE', { DB_TYPE: 'mysql' }],
    ['DATABASE_URL', { DB_TYPE: 'postgres' }],
    ['DATABASE_URL', { DB_TYPE: 'postgres', DATABASE_URL: 'mysql://x' }],
    ['SEED_SAMPLE', { SEED_SAMPLE: 'maybe' }],
    ['ADMIN_TOKEN', { ADMIN_TOKEN: 'short' }],
    ['JSON_BODY_LIMIT', { JSON_BODY_LIMIT: 'lots' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'chatty' }],
  ])('refuses a bad %s and names it in the message', (variable, raw) => {
    expect(() => validateEnv(raw)).toThrow(new RegExp(`^Invalid environment configuration:[\\s\\S]*\\b${variable}=`));
  });

  it('turns LOG_LEVEL into the levels it prints: each level with the quieter ones, fatal always', () => {
    expect(logLevelsUpTo('error')).toEqual(['fatal', 'error']);
    expect(logLevelsUpTo('warn')).toEqual(['fatal', 'error', 'warn']);
    expect(logLevelsUpTo('verbose')).toEqual(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']);
  });

  it('accepts PostgreSQL with a postgres:// URL', () => {
    const env = validateEnv({ DB_TYPE: 'postgres', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/eom' });
    expect(env.DB_TYPE).toBe('postgres');
  });
});
