import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { likePattern, Page, toPage } from '../common/pagination';
import { badRequestFromFieldErrors, FieldError } from '../common/validation';
import { DatabaseWriter } from '../database/database-writer.service';
import { Mission } from '../missions/entities/mission.entity';
import { assertVersion } from '../missions/missions.service';
import { Observer } from '../observers/entities/observer.entity';
import { CreateUserDto, UpdateUserDto, UserQueryDto } from './dto/user.dto';
import { User, UserRole } from './entities/user.entity';
import { TokenCache } from './token-cache';
import { generateToken, hashToken } from './tokens';
import { userForAudit } from './user.response';
import { Caller } from '../common/request-context';

/** A user with the token that was just issued for it (the only time the token exists in clear). */
export interface IssuedUser {
  user: User;
  token: string;
}

// Where the token cache's lifetime was first defined; the README and tests name it here.
export { TOKEN_CACHE_TTL_MS } from './token-cache';

interface Membership {
  role: UserRole;
  missionIds: number[];
  observerId: number | null;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
    private readonly tokens: TokenCache,
  ) {}

  /**
   * The active user holding `token`, with its mission ids; null for an unknown or revoked token.
   * Every request asks, so a found user is kept for TOKEN_CACHE_TTL_MS (see TokenCache).
   */
  async findByToken(token: string): Promise<User | null> {
    const hash = hashToken(token);
    const cached = this.tokens.find(hash);
    if (cached) return cached;
    const readStartedAt = this.tokens.readStarts();
    const user = await this.users
      .createQueryBuilder('u')
      .leftJoin('u.missions', 'm')
      .addSelect('m.id')
      .where('u.tokenHash = :hash', { hash })
      .andWhere('u.active = :active', { active: true })
      .getOne();
    if (user) this.tokens.keep(hash, user, readStartedAt);
    return user;
  }

  async list(query: UserQueryDto): Promise<Page<User>> {
    const qb = this.users.createQueryBuilder('u').orderBy('u.name', 'ASC').addOrderBy('u.id', 'ASC');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.missionId !== undefined) {
      qb.andWhere('u.id IN (SELECT um."userId" FROM user_missions um WHERE um."missionId" = :missionId)', {
        missionId: query.missionId,
      });
    }
    if (query.q) {
      const q = likePattern(query.q);
      qb.andWhere(new Brackets((w) => w.where("LOWER(u.name) LIKE :q ESCAPE '\\'", { q })));
    }
    const [page, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    // Mission ids in a second query: joining them into the paged query would page join rows.
    const ids = page.map((u) => u.id);
    const withMissions = ids.length
      ? await this.users.find({ where: { id: In(ids) }, relations: { missions: true } })
      : [];
    const byId = new Map(withMissions.map((u) => [u.id, u]));
    return toPage(
      page.map((u) => byId.get(u.id) ?? u),
      total,
      query,
    );
  }

  async get(id: number, manager?: EntityManager): Promise<User> {
    const repo = manager ? manager.getRepository(User) : this.users;
    const user = await repo.findOne({ where: { id }, relations: { missions: true } });
    if (!user) throw new NotFoundException(`User ${id} not found`);
    return user;
  }

  create(caller: Caller, dto: CreateUserDto): Promise<IssuedUser> {
    return this.writer.transaction(async (em) => {
      const membership = await this.checkMembership(em, {
        role: dto.role,
        missionIds: dto.missionIds ?? [],
        observerId: dto.observerId ?? null,
      });
      if (membership.observerId !== null) await this.assertObserverFree(em, membership.observerId, null);
      const token = generateToken();
      const saved = await this.saveAudited(
        caller,
        em,
        em.create(User, {
          name: dto.name,
          role: membership.role,
          observerId: membership.observerId,
          missions: membership.missionIds.map((id) => ({ id }) as Mission),
          tokenHash: hashToken(token),
          tokenIssuedAt: new Date(),
          active: true,
        }),
      );
      return { user: saved, token };
    });
  }

  update(caller: Caller, id: number, dto: UpdateUserDto): Promise<User> {
    const { version, missionIds, observerId, role, ...plain } = dto;
    return this.tokens.changing(() =>
      this.writer.transaction(async (em) => {
        const user = await this.get(id, em);
        assertVersion(user, version, `User ${id}`);
        const before = userForAudit(user);
        const nextRole = role ?? user.role;
        // Released (its record deleted, see releaseObserver): renamed or switched off as it is.
        const staysReleased =
          user.role === 'observer' &&
          user.observerId === null &&
          [role, missionIds, observerId].every((v) => v === undefined);
        const membership: Membership = staysReleased
          ? { role: 'observer', missionIds: [], observerId: null }
          : await this.checkMembership(em, {
              role: nextRole,
              missionIds: missionIds ?? (nextRole === 'admin' ? [] : (user.missions ?? []).map((m) => m.id)),
              observerId: observerId !== undefined ? observerId : nextRole === 'observer' ? user.observerId : null,
            });
        if (membership.observerId !== null) await this.assertObserverFree(em, membership.observerId, id);
        if (user.role === 'admin' && user.active && (membership.role !== 'admin' || plain.active === false)) {
          await this.assertAnotherAdmin(em, id);
        }
        Object.assign(user, plain, {
          role: membership.role,
          observerId: membership.observerId,
          missions: membership.missionIds.map((mid) => ({ id: mid }) as Mission),
        });
        return this.saveAudited(caller, em, user, before);
      }),
    );
  }

  /**
   * Issues a new token; the old one stops working at once. An inactive user gets none (409): a
   * token minted while the account is off would start working the moment it is switched back on.
   */
  rotateToken(caller: Caller, id: number): Promise<IssuedUser> {
    return this.tokens.changing(() =>
      this.writer.transaction(async (em) => {
        const user = await this.get(id, em);
        const before = userForAudit(user);
        const token = generateToken();
        // Conditional on active in the UPDATE itself, so a deactivation committed after our read
        // (PostgreSQL does not queue transactions) still wins.
        const result = await em
          .createQueryBuilder()
          .update(User)
          .set({ tokenHash: hashToken(token), tokenIssuedAt: new Date() })
          .where('id = :id AND active = :active', { id, active: true })
          .execute();
        if (result.affected !== 1) {
          throw new ConflictException(
            `User ${id} is inactive: activate it (PATCH active: true) before issuing a token`,
          );
        }
        return { user: await this.readBackAudited(caller, em, id, before), token };
      }),
    );
  }

  /**
   * In the transaction that deletes observer record `observerId`: its observer user (if any) keeps
   * its history but speaks for no record and belongs to no mission, so its token reaches nothing
   * there. The caller runs that transaction in TokenCache.changing, so this instance drops it at once.
   */
  async releaseObserver(caller: Caller, em: EntityManager, observerId: number): Promise<void> {
    const user = await em.findOne(User, { where: { observerId }, relations: { missions: true } });
    if (!user) return;
    const before = userForAudit(user);
    Object.assign(user, { observerId: null, missions: [] });
    await this.saveAudited(caller, em, user, before);
  }

  /**
   * Saves a user, reads it back as the API answers it, and audits it: a change when `before` is
   * given, a creation otherwise.
   */
  private async saveAudited(
    caller: Caller,
    em: EntityManager,
    user: User,
    before?: ReturnType<typeof userForAudit>,
  ): Promise<User> {
    await em.save(user);
    return this.readBackAudited(caller, em, user.id, before);
  }

  /** saveAudited's second half, for a user written some other way. */
  private async readBackAudited(
    caller: Caller,
    em: EntityManager,
    id: number,
    before?: ReturnType<typeof userForAudit>,
  ): Promise<User> {
    const saved = await this.get(id, em);
    await this.audit.record(em, {
      caller,
      action: before ? 'update' : 'create',
      entityType: 'user',
      entityId: id,
      missionId: null,
      before,
      after: userForAudit(saved),
    });
    return saved;
  }

  remove(caller: Caller, id: number): Promise<void> {
    return this.tokens.changing(() =>
      this.writer.transaction(async (em) => {
        const user = await this.get(id, em);
        if (user.role === 'admin' && user.active) await this.assertAnotherAdmin(em, id);
        await em.delete(User, { id });
        await this.audit.record(em, {
          caller,
          action: 'delete',
          entityType: 'user',
          entityId: id,
          missionId: null,
          before: userForAudit(user),
        });
      }),
    );
  }

  /**
   * Makes sure an active admin holds `token` (ADMIN_TOKEN): creates it, or restores the role and
   * the access of the user that holds it. Answers what it did, for the start-up log.
   */
  ensureAdminToken(caller: Caller, token: string): Promise<'created' | 'restored' | 'present'> {
    return this.tokens.changing(() =>
      this.writer.transaction(async (em) => {
        const hash = hashToken(token);
        const existing = await em.findOne(User, { where: { tokenHash: hash }, relations: { missions: true } });
        if (existing?.role === 'admin' && existing.active) return 'present';
        if (existing) {
          const before = userForAudit(existing);
          Object.assign(existing, { role: 'admin', active: true, observerId: null, missions: [] });
          await em.save(existing);
          await this.audit.record(em, {
            caller,
            action: 'update',
            entityType: 'user',
            entityId: existing.id,
            missionId: null,
            before,
            after: userForAudit(existing),
          });
          return 'restored';
        }
        await this.saveAdmin(caller, em, 'Administrator (ADMIN_TOKEN)', hash);
        return 'created';
      }),
    );
  }

  /** On an empty users table only: a first admin and its token; null when users exist already. */
  createFirstAdmin(caller: Caller): Promise<string | null> {
    return this.writer.transaction(async (em) => {
      if ((await em.count(User)) > 0) return null;
      const token = generateToken();
      await this.saveAdmin(caller, em, 'Administrator', hashToken(token));
      return token;
    });
  }

  private async saveAdmin(caller: Caller, em: EntityManager, name: string, tokenHash: string): Promise<void> {
    const admin = await em.save(
      em.create(User, { name, role: 'admin', tokenHash, tokenIssuedAt: new Date(), active: true, observerId: null }),
    );
    await this.audit.record(em, {
      caller,
      action: 'create',
      entityType: 'user',
      entityId: admin.id,
      missionId: null,
      after: userForAudit(admin),
    });
  }

  /**
   * Role, missions and observer record must agree: an admin belongs to every mission (so lists
   * none), an observer user speaks for one observer record and belongs to that record's mission,
   * other roles have no observer record.
   */
  private async checkMembership(em: EntityManager, m: Membership): Promise<Membership> {
    const errors: FieldError[] = [];
    const missionIds = [...new Set(m.missionIds)];
    if (m.role !== 'observer' && m.observerId !== null) {
      errors.push({ field: 'observerId', message: 'observerId is only for users with role observer' });
    }
    if (m.role === 'admin' && missionIds.length > 0) {
      errors.push({
        field: 'missionIds',
        message: 'missionIds must be empty for an admin, who belongs to every mission',
      });
    }
    if (errors.length) throw badRequestFromFieldErrors(errors);

    if (m.role === 'observer') {
      if (m.observerId === null) {
        throw badRequestFromFieldErrors([
          {
            field: 'observerId',
            message: 'observerId is required for role observer (the observer record it reports as)',
          },
        ]);
      }
      const observer = await em.findOneBy(Observer, { id: m.observerId });
      if (!observer) {
        throw badRequestFromFieldErrors([{ field: 'observerId', message: `observer ${m.observerId} does not exist` }]);
      }
      if (missionIds.some((id) => id !== observer.missionId)) {
        throw badRequestFromFieldErrors([
          {
            field: 'missionIds',
            message: `an observer user belongs only to its observer record's mission (${observer.missionId})`,
          },
        ]);
      }
      return { role: m.role, missionIds: [observer.missionId], observerId: observer.id };
    }

    if (missionIds.length) {
      const found = await em.find(Mission, { select: { id: true }, where: { id: In(missionIds) } });
      const known = new Set(found.map((x) => x.id));
      const missing = missionIds.filter((id) => !known.has(id));
      if (missing.length) {
        throw badRequestFromFieldErrors([
          { field: 'missionIds', message: `missionIds: no mission with id ${missing.join(', ')}` },
        ]);
      }
    }
    return { role: m.role, missionIds, observerId: null };
  }

  private async assertObserverFree(em: EntityManager, observerId: number, userId: number | null): Promise<void> {
    const holder = await em.findOneBy(User, { observerId });
    if (holder && holder.id !== userId) {
      throw new ConflictException(`Observer ${observerId} already has a user (${holder.id})`);
    }
  }

  /** Nobody could manage users again if the last active admin went. */
  private async assertAnotherAdmin(em: EntityManager, userId: number): Promise<void> {
    const others = await em
      .createQueryBuilder(User, 'u')
      .where('u.role = :role', { role: 'admin' })
      .andWhere('u.active = :active', { active: true })
      .andWhere('u.id != :userId', { userId })
      .getCount();
    if (others === 0) throw new ConflictException('The last active admin cannot be removed, disabled or demoted');
  }
}
