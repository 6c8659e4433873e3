import { Injectable, Module } from '@nestjs/common';
import type { User } from '../auth/entities/user.entity';

/** How long a token's user is trusted without asking the database (see TokenCache). */
export const TOKEN_CACHE_TTL_MS = 5_000;
const TOKEN_CACHE_MAX = 10_000;

/**
 * Token hash -> the user found with it (role, missions, observer record), kept for
 * TOKEN_CACHE_TTL_MS so each request does not query it. Unknown tokens are never kept (a new
 * user's token works at once). This instance forgets every entry around any write that changes
 * what a token grants: users' own changes, and deletes of what a membership hangs on (an observer
 * record, a mission). Another instance sharing the database sees such a change within the TTL.
 */
@Injectable()
export class TokenCache {
  private readonly byHash = new Map<string, { user: User; until: number }>();
  private generation = 0;

  /** The user cached for `hash`, if still fresh. */
  find(hash: string): User | undefined {
    const cached = this.byHash.get(hash);
    return cached && cached.until > Date.now() ? cached.user : undefined;
  }

  /** Call before reading a user from the database, and give the answer to keep(). */
  readStarts(): number {
    return this.generation;
  }

  /** Keeps `user`, unless a change began since its read started (it may hold the old row). */
  keep(hash: string, user: User, readStartedAt: number): void {
    if (readStartedAt !== this.generation) return;
    if (this.byHash.size >= TOKEN_CACHE_MAX) this.byHash.clear();
    this.byHash.set(hash, { user, until: Date.now() + TOKEN_CACHE_TTL_MS });
  }

  /** Runs a write that changes what some token grants, forgetting every cached user around it. */
  async changing<T>(write: () => Promise<T>): Promise<T> {
    this.forget();
    try {
      return await write();
    } finally {
      // Again once committed: a lookup that started meanwhile may have cached the old row.
      this.forget();
    }
  }

  private forget(): void {
    this.generation++;
    this.byHash.clear();
  }
}

/** The app's one TokenCache, for the modules whose writes change what tokens grant. */
@Module({ providers: [TokenCache], exports: [TokenCache] })
export class TokenCacheModule {}
