import { FailedAuthLimiter } from './failed-auth-limiter';

describe('FailedAuthLimiter', () => {
  const t0 = 1_000_000;

  it('blocks a client at the limit, for the rest of its minute only', () => {
    const limiter = new FailedAuthLimiter(3);
    for (let i = 0; i < 2; i++) limiter.recordFailure('10.0.0.1', t0 + i);
    expect(limiter.isBlocked('10.0.0.1', t0 + 10)).toBe(false);
    limiter.recordFailure('10.0.0.1', t0 + 20);
    expect(limiter.isBlocked('10.0.0.1', t0 + 30)).toBe(true);
    expect(limiter.isBlocked('10.0.0.2', t0 + 30)).toBe(false);
    expect(limiter.isBlocked('10.0.0.1', t0 + 60_001)).toBe(false);
  });

  it('does nothing when throttling is off (limit 0)', () => {
    const limiter = new FailedAuthLimiter(0);
    for (let i = 0; i < 100; i++) limiter.recordFailure('10.0.0.1', t0);
    expect(limiter.isBlocked('10.0.0.1', t0)).toBe(false);
  });
});
