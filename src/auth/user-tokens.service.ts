import { ConflictException, Injectable } from '@nestjs/common';
import { Caller } from '../common/request-context';
import { DatabaseWriter } from '../database';
import { User } from './entities/user.entity';
import { TokenCache } from '../access/token-cache';
import { generateToken, hashToken } from './tokens';
import { userForAudit } from './user.response';
import { IssuedUser, UsersService } from './users.service';
import { UsersStore } from './users.store';

const newAdmin = (name: string, tokenHash: string) =>
  ({ name, role: 'admin', tokenHash, tokenIssuedAt: new Date(), active: true, observerId: null }) as const;

/** API tokens: the user a token belongs to (every request), a new token, the start-up admin's. */
@Injectable()
export class UserTokensService {
  constructor(
    private readonly users: UsersService,
    private readonly store: UsersStore,
    private readonly writer: DatabaseWriter,
    private readonly cache: TokenCache,
  ) {}

  /**
   * The active user holding `token`, with its mission ids; null for an unknown or revoked token.
   * Every request asks, so a found user is kept for TOKEN_CACHE_TTL_MS (see TokenCache).
   */
  async findUser(token: string): Promise<User | null> {
    const hash = hashToken(token);
    const cached = this.cache.find(hash);
    if (cached) return cached;
    const readStartedAt = this.cache.readStarts();
    const user = await this.store.findActiveByTokenHash(hash);
    if (user) this.cache.keep(hash, user, readStartedAt);
    return user;
  }

  /**
   * Issues a new token; the old one stops working at once. An inactive user gets none (409): a
   * token minted while the account is off would start working the moment it is switched back on.
   */
  rotate(caller: Caller, id: number): Promise<IssuedUser> {
    return this.cache.changing(() =>
      this.writer.transaction(async (em, writes) => {
        const before = userForAudit(await this.users.get(id, em));
        const token = generateToken();
        if (!(await this.store.setTokenHashIfActive(em, id, hashToken(token)))) {
          throw new ConflictException(
            `User ${id} is inactive: activate it (PATCH active: true) before issuing a token`,
          );
        }
        return { user: await this.users.readBackAudited(caller, em, writes, id, before), token };
      }),
    );
  }

  /**
   * Makes sure an active admin holds `token` (ADMIN_TOKEN): creates it, or restores the role and
   * the access of the user that holds it. Resolves to what it did, for the start-up log.
   */
  ensureAdminToken(caller: Caller, token: string): Promise<'created' | 'restored' | 'present'> {
    return this.cache.changing(() =>
      this.writer.transaction(async (em, writes) => {
        const hash = hashToken(token);
        const existing = await this.store.findUser({ tokenHash: hash }, em);
        if (existing?.role === 'admin' && existing.active) return 'present';
        if (!existing) {
          await this.users.saveAudited(caller, em, writes, newAdmin('Administrator (ADMIN_TOKEN)', hash));
          return 'created';
        }
        const before = userForAudit(existing);
        Object.assign(existing, { role: 'admin', active: true, observerId: null, missions: [] });
        await this.users.saveAudited(caller, em, writes, existing, before);
        return 'restored';
      }),
    );
  }

  /** On an empty users table only: a first admin and its token; null when users exist already. */
  createFirstAdmin(caller: Caller): Promise<string | null> {
    return this.writer.transaction(async (em, writes) => {
      if ((await this.store.countUsers(em)) > 0) return null;
      const token = generateToken();
      await this.users.saveAudited(caller, em, writes, newAdmin('Administrator', hashToken(token)));
      return token;
    });
  }
}
