/** Failed authentications a client may make per minute before it gets 429 (when throttling is on). */
export const FAILED_AUTH_LIMIT_PER_MINUTE = 10;
const WINDOW_MS = 60_000;
const MAX_TRACKED = 10_000;

interface Window {
  failures: number;
  resetAt: number;
}

/**
 * Counts failed authentications per client. Separate from the general rate limit because a
 * client guessing tokens must be stopped long before it reaches the per-minute request budget,
 * and because a blocked client must be refused BEFORE its next guess is checked.
 */
export class FailedAuthLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly limit: number) {}

  get enabled(): boolean {
    return this.limit > 0;
  }

  isBlocked(client: string, now = Date.now()): boolean {
    if (!this.enabled) return false;
    const w = this.windows.get(client);
    return !!w && w.resetAt > now && w.failures >= this.limit;
  }

  recordFailure(client: string, now = Date.now()): void {
    if (!this.enabled) return;
    const w = this.windows.get(client);
    if (w && w.resetAt > now) {
      w.failures++;
      return;
    }
    if (this.windows.size >= MAX_TRACKED) this.sweep(now);
    this.windows.set(client, { failures: 1, resetAt: now + WINDOW_MS });
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}
