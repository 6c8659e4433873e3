import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DeepPartial, EntityManager, In, Not, Repository } from 'typeorm';
import { Page, toPage } from '../common/pagination';
import { whereAnyContains } from '../database';
import { UserQueryDto } from './dto/user.dto';
import { Observer } from '../observers/entities/observer.entity';
import { User } from './entities/user.entity';

/** Where users, their missions (user_missions) and their token hashes are read and written. */
@Injectable()
export class UsersStore {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /** The active user holding token hash `hash`, with its missions' ids. */
  findActiveByTokenHash(hash: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .leftJoin('u.missions', 'm')
      .addSelect('m.id')
      .where('u.tokenHash = :hash', { hash })
      .andWhere('u.active = :active', { active: true })
      .getOne();
  }

  async findPage(query: UserQueryDto): Promise<Page<User>> {
    const qb = this.users.createQueryBuilder('u').orderBy('u.name', 'ASC').addOrderBy('u.id', 'ASC');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.missionId !== undefined) {
      qb.andWhere('u.id IN (SELECT um."userId" FROM user_missions um WHERE um."missionId" = :missionId)', {
        missionId: query.missionId,
      });
    }
    if (query.q) whereAnyContains(qb, ['u.name'], query.q);
    const [page, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    // Mission ids in a second query: joining them into the paged query would page join rows.
    const ids = page.map((u) => u.id);
    const withMissions = ids.length
      ? await this.users.find({ where: { id: In(ids) }, relations: { missions: true } })
      : [];
    const byId = new Map(withMissions.map((u) => [u.id, u]));
    const items = page.map((u) => byId.get(u.id) ?? u);
    return toPage(items, total, query);
  }

  /** The user with its missions, found by id, observer record or token hash. */
  findUser(where: { id: number } | { observerId: number } | { tokenHash: string }, manager = this.users.manager) {
    return manager.findOne(User, { where, relations: { missions: true } });
  }

  /** The observer record a user would speak for. */
  findObserver(em: EntityManager, id: number): Promise<Observer | null> {
    return em.findOneBy(Observer, { id });
  }

  saveUser(em: EntityManager, user: DeepPartial<User>): Promise<User> {
    return em.save(em.create(User, user));
  }

  /**
   * Gives user `id` a new token hash if it is active, in the UPDATE itself, so a deactivation
   * committed after the caller's read still wins; false when it is inactive.
   */
  async setTokenHashIfActive(em: EntityManager, id: number, tokenHash: string): Promise<boolean> {
    const result = await em.update(User, { id, active: true }, { tokenHash, tokenIssuedAt: new Date() });
    return result.affected === 1;
  }

  async deleteUser(em: EntityManager, id: number): Promise<void> {
    await em.delete(User, { id });
  }

  countUsers(em: EntityManager): Promise<number> {
    return em.count(User);
  }

  /** Active admins other than user `userId`. */
  countOtherActiveAdmins(em: EntityManager, userId: number): Promise<number> {
    return em.countBy(User, { role: 'admin', active: true, id: Not(userId) });
  }
}
