import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DeepPartial, EntityManager, Repository } from 'typeorm';
import { Stage } from '../common/stages';
import { lockRows } from '../database';
import { QualityCheck } from './entities/quality-check.entity';

/** The quality checks of missions. */
@Injectable()
export class QualityChecksStore {
  constructor(@InjectRepository(QualityCheck) private readonly checks: Repository<QualityCheck>) {}

  page(missionId: number, stage: Stage | undefined, limit: number, offset: number): Promise<[QualityCheck[], number]> {
    return this.checks.findAndCount({
      where: { missionId, ...(stage ? { stage } : {}) },
      order: { stage: 'ASC', name: 'ASC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
  }

  /** Every check of the mission (those of `stage` only when given), in a stable order. */
  all(missionId: number, stage?: Stage, em = this.checks.manager): Promise<QualityCheck[]> {
    return em.find(QualityCheck, { where: { missionId, ...(stage ? { stage } : {}) }, order: { id: 'ASC' } });
  }

  /** Checks whose re-check has not finished. */
  running(): Promise<QualityCheck[]> {
    return this.checks.find({ where: { recheckState: 'running' }, order: { id: 'ASC' } });
  }

  /** One check; in a transaction, locked until it ends. */
  find(missionId: number, id: number, em?: EntityManager): Promise<QualityCheck | null> {
    const lock = em && lockRows(em, 'pessimistic_write');
    return (em ?? this.checks.manager).findOne(QualityCheck, { where: { missionId, id }, lock });
  }

  findByName(em: EntityManager, missionId: number, stage: Stage, name: string): Promise<QualityCheck | null> {
    return em.findOne(QualityCheck, { where: { missionId, stage, name } });
  }

  save(em: EntityManager, check: DeepPartial<QualityCheck>): Promise<QualityCheck> {
    return em.save(em.create(QualityCheck, check));
  }

  async insertMany(em: EntityManager, checks: DeepPartial<QualityCheck>[]): Promise<void> {
    if (checks.length) await em.createQueryBuilder().insert().into(QualityCheck).values(checks).orIgnore().execute();
  }

  async delete(em: EntityManager, id: number): Promise<void> {
    await em.delete(QualityCheck, { id });
  }

  /**
   * The progress of a check's re-check, written as it goes. Not a change of the check: its version
   * and updatedAt stay, so a coordinator editing it meanwhile is not told someone else did.
   */
  async recheckProgress(
    id: number,
    progress: Pick<QualityCheck, 'recheckState' | 'recheckChecked' | 'recheckTotal'>,
    em = this.checks.manager,
  ) {
    await em
      .createQueryBuilder()
      .update(QualityCheck)
      .set({ ...progress, version: () => '"version"', updatedAt: () => '"updatedAt"' })
      .where('id = :id', { id })
      .execute();
  }
}
