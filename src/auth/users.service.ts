import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DeepPartial, EntityManager } from 'typeorm';
import { DatabaseWriter, WriteSet } from '../database';
import { AuditInput, AuditService } from '../audit/audit.service';
import { Page } from '../common/pagination';
import { badRequestFromFieldErrors, FieldError } from '../common/validation';
import { Mission } from '../missions/entities/mission.entity';
import { assertVersion } from '../common/versions';
import { MissionsStore } from '../missions/missions.store';
import { CreateUserDto, UpdateUserDto, UserQueryDto } from './dto/user.dto';
import { User } from './entities/user.entity';
import { TokenCache } from '../access/token-cache';
import { generateToken, hashToken } from './tokens';
import { userForAudit } from './user.response';
import { UsersStore } from './users.store';
import { Caller } from '../common/request-context';

/** A user with the token that was just issued for it (the only time the token exists in clear). */
export type IssuedUser = { user: User; token: string };

// Where the token cache's lifetime was first defined; the README and tests name it here.
export { TOKEN_CACHE_TTL_MS } from '../access/token-cache';

/** What a user belongs to: asked for with mission ids, checked and stored as the user's missions. */
type Membership = Pick<User, 'role' | 'observerId'> & { missionIds: number[] };
type UserMembership = Pick<User, 'role' | 'observerId'> & { missions: Mission[] };

const refusal = (field: string, message: string) => badRequestFromFieldErrors([{ field, message }]);

/** Users and their memberships; tokens are looked up and reissued by UserTokensService. */
@Injectable()
export class UsersService {
  constructor(
    private readonly store: UsersStore,
    private readonly missions: MissionsStore,
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
    return this.writer.transaction(async (em, writes) => {
      const membership = await this.checkMembership(em, null, {
        role: dto.role,
        missionIds: dto.missionIds ?? [],
        observerId: dto.observerId ?? null,
      });
      const token = generateToken();
      const saved = await this.saveAudited(caller, em, writes, {
        name: dto.name,
        ...membership,
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
      this.writer.transaction(async (em, writes) => {
        const user = await this.get(id, em);
        assertVersion(user, version, `User ${id}`);
        const before = userForAudit(user);
        const nextRole = role ?? user.role;
        // Released (its record deleted, see releaseObserver): renamed or switched off as it is.
        const staysReleased =
          user.role === 'observer' &&
          user.observerId === null &&
          [role, missionIds, observerId].every((v) => v === undefined);
        const membership: UserMembership = staysReleased
          ? { role: 'observer', missions: [], observerId: null }
          : await this.checkMembership(em, id, {
              role: nextRole,
              missionIds: missionIds ?? (nextRole === 'admin' ? [] : (user.missions ?? []).map((m) => m.id)),
              observerId: observerId !== undefined ? observerId : nextRole === 'observer' ? user.observerId : null,
            });
        if (user.role === 'admin' && user.active && (membership.role !== 'admin' || plain.active === false)) {
          await this.assertAnotherAdmin(em, id);
        }
        Object.assign(user, plain, membership);
        return this.saveAudited(caller, em, writes, user, before);
      }),
    );
  }

  /**
   * In the transaction that deletes observer record `observerId`: its observer user (if any) keeps
   * its history but speaks for no record and belongs to no mission, so its token reaches nothing
   * there. The caller runs that transaction in TokenCache.changing, so this instance drops it at once.
   */
  async releaseObserver(caller: Caller, em: EntityManager, writes: WriteSet, observerId: number): Promise<void> {
    const user = await this.store.findUser({ observerId }, em);
    if (!user) return;
    const before = userForAudit(user);
    Object.assign(user, { observerId: null, missions: [] });
    await this.saveAudited(caller, em, writes, user, before);
  }

  /**
   * Saves a user, reads it back as the API shows it, and audits it: a change when `before` is
   * given, a creation otherwise.
   */
  async saveAudited(
    caller: Caller,
    em: EntityManager,
    writes: WriteSet,
    user: DeepPartial<User>,
    before?: object,
  ): Promise<User> {
    const { id } = await this.store.saveUser(em, user);
    return this.readBackAudited(caller, em, writes, id, before);
  }

  /** saveAudited's second half, for a user written some other way. */
  async readBackAudited(
    caller: Caller,
    em: EntityManager,
    writes: WriteSet,
    id: number,
    before?: object,
  ): Promise<User> {
    const saved = await this.get(id, em);
    const action = before ? 'update' : 'create';
    this.recordChange(writes, { caller, action, entityId: id, before, after: userForAudit(saved) });
    return saved;
  }

  remove(caller: Caller, id: number): Promise<void> {
    return this.tokens.changing(() =>
      this.writer.transaction(async (em, writes) => {
        const user = await this.get(id, em);
        if (user.role === 'admin' && user.active) await this.assertAnotherAdmin(em, id);
        await this.store.deleteUser(em, id);
        this.recordChange(writes, { caller, action: 'delete', entityId: id, before: userForAudit(user) });
      }),
    );
  }

  private recordChange(writes: WriteSet, input: Omit<AuditInput, 'entityType' | 'missionId'>): void {
    this.audit.record(writes, { ...input, entityType: 'user', missionId: null });
  }

  /**
   * Role, missions and observer record must agree: an admin belongs to every mission (so lists
   * none), an observer user speaks for one observer record that no other user speaks for and
   * belongs to that record's mission, other roles have no observer record. `userId`: the user
   * being changed (null for a new one).
   */
  private async checkMembership(em: EntityManager, userId: number | null, m: Membership): Promise<UserMembership> {
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
        throw refusal('observerId', 'observerId is required for role observer (the observer record it reports as)');
      }
      const observer = await this.store.findObserver(em, m.observerId);
      if (!observer) throw refusal('observerId', `observer ${m.observerId} does not exist`);
      if (missionIds.some((id) => id !== observer.missionId)) {
        const message = `an observer user belongs only to its observer record's mission (${observer.missionId})`;
        throw refusal('missionIds', message);
      }
      const holder = await this.store.findUser({ observerId: observer.id }, em);
      if (holder && holder.id !== userId) {
        throw new ConflictException(`Observer ${observer.id} already has a user (${holder.id})`);
      }
      return { role: m.role, missions: [{ id: observer.missionId } as Mission], observerId: observer.id };
    }

    const known = new Set(missionIds.length ? await this.missions.existingIds(em, missionIds) : []);
    const missing = missionIds.filter((id) => !known.has(id));
    if (missing.length) throw refusal('missionIds', `missionIds: no mission with id ${missing.join(', ')}`);
    return { role: m.role, missions: missionIds.map((id) => ({ id }) as Mission), observerId: null };
  }

  /** Nobody could manage users again if the last active admin went. */
  private async assertAnotherAdmin(em: EntityManager, userId: number): Promise<void> {
    if ((await this.store.countOtherActiveAdmins(em, userId)) === 0) {
      throw new ConflictException('The last active admin cannot be removed, disabled or demoted');
    }
  }
}
