import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DeepPartial, EntityManager } from 'typeorm';
import { AuditInput, AuditService } from '../audit/audit.service';
import { Page } from '../common/pagination';
import { badRequestFromFieldErrors, FieldError } from '../common/validation';
import { DatabaseWriter } from '../database/database-writer.service';
import { Mission } from '../missions/entities/mission.entity';
import { assertVersion } from '../missions/missions.service';
import { MissionsStore } from '../missions/missions.store';
import { ObserversStore } from '../observers/observers.store';
import { CreateUserDto, UpdateUserDto, UserQueryDto } from './dto/user.dto';
import { User, UserRole } from './entities/user.entity';
import { TokenCache } from './token-cache';
import { generateToken, hashToken } from './tokens';
import { userForAudit } from './user.response';
import { UsersStore } from './users.store';
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

/** Users and their memberships; tokens are looked up and reissued by UserTokensService. */
@Injectable()
export class UsersService {
  constructor(
    private readonly store: UsersStore,
    private readonly missions: MissionsStore,
    private readonly observers: ObserversStore,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
    private readonly tokens: TokenCache,
  ) {}

  list(query: UserQueryDto): Promise<Page<User>> {
    return this.store.findPage(query);
  }

  async get(id: number, manager?: EntityManager): Promise<User> {
    const user = await this.store.findUser({ id }, manager);
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
      const saved = await this.saveAudited(caller, em, {
        name: dto.name,
        role: membership.role,
        observerId: membership.observerId,
        missions: membership.missionIds.map((id) => ({ id })),
        tokenHash: hashToken(token),
        tokenIssuedAt: new Date(),
        active: true,
      });
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
   * In the transaction that deletes observer record `observerId`: its observer user (if any) keeps
   * its history but speaks for no record and belongs to no mission, so its token reaches nothing
   * there. The caller runs that transaction in TokenCache.changing, so this instance drops it at once.
   */
  async releaseObserver(caller: Caller, em: EntityManager, observerId: number): Promise<void> {
    const user = await this.store.findUser({ observerId }, em);
    if (!user) return;
    const before = userForAudit(user);
    Object.assign(user, { observerId: null, missions: [] });
    await this.saveAudited(caller, em, user, before);
  }

  /**
   * Saves a user, reads it back as the API shows it, and audits it: a change when `before` is
   * given, a creation otherwise.
   */
  async saveAudited(caller: Caller, em: EntityManager, user: DeepPartial<User>, before?: object): Promise<User> {
    const { id } = await this.store.saveUser(em, user);
    return this.readBackAudited(caller, em, id, before);
  }

  /** saveAudited's second half, for a user written some other way. */
  async readBackAudited(caller: Caller, em: EntityManager, id: number, before?: object): Promise<User> {
    const saved = await this.get(id, em);
    const action = before ? 'update' : 'create';
    await this.recordChange(em, { caller, action, entityId: id, before, after: userForAudit(saved) });
    return saved;
  }

  remove(caller: Caller, id: number): Promise<void> {
    return this.tokens.changing(() =>
      this.writer.transaction(async (em) => {
        const user = await this.get(id, em);
        if (user.role === 'admin' && user.active) await this.assertAnotherAdmin(em, id);
        await this.store.deleteUser(em, id);
        await this.recordChange(em, { caller, action: 'delete', entityId: id, before: userForAudit(user) });
      }),
    );
  }

  private recordChange(em: EntityManager, input: Omit<AuditInput, 'entityType' | 'missionId'>): Promise<void> {
    return this.audit.record(em, { ...input, entityType: 'user', missionId: null });
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
      const observer = await this.observers.findObserver({ id: m.observerId }, em);
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
      const known = new Set(await this.missions.existingIds(em, missionIds));
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
    const holder = await this.store.findUser({ observerId }, em);
    if (holder && holder.id !== userId) {
      throw new ConflictException(`Observer ${observerId} already has a user (${holder.id})`);
    }
  }

  /** Nobody could manage users again if the last active admin went. */
  private async assertAnotherAdmin(em: EntityManager, userId: number): Promise<void> {
    if ((await this.store.countOtherActiveAdmins(em, userId)) === 0) {
      throw new ConflictException('The last active admin cannot be removed, disabled or demoted');
    }
  }
}
