import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ChecklistQuestion } from '../checklists/entities/checklist.types';
import { ChecklistsService } from '../checklists/checklists.service';
import { Caller } from '../common/request-context';
import { STAGES, Stage } from '../common/stages';
import { badRequestFromFieldErrors } from '../common/validation';
import { assertVersion } from '../common/versions';
import { DatabaseWriter } from '../database';
import { MissionsService } from '../missions/missions.service';
import { CompiledCondition, compileCondition, ConditionSchema } from './condition';
import { CreateQualityCheckDto, UpdateQualityCheckDto } from './dto/quality-check.dto';
import { QualityCheck } from './entities/quality-check.entity';
import { QualityChecksStore } from './quality-checks.store';
import { reportNames } from './report-names';

/**
 * Quality checks as coordinators write them: a condition is compiled against the names the stage's
 * reports offer when it is saved (an unknown question or a type error is a 400 then, never later),
 * and kept compiled beside its text.
 */
@Injectable()
export class QualityChecksService {
  constructor(
    private readonly store: QualityChecksStore,
    private readonly checklists: ChecklistsService,
    private readonly missions: MissionsService,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
  ) {}

  async get(missionId: number, id: number): Promise<QualityCheck> {
    const check = await this.store.find(missionId, id);
    if (!check) throw new NotFoundException(`Quality check ${id} not found in mission ${missionId}`);
    return check;
  }

  /** The names a condition on `stage` may use, with their types, from the mission's checklists now. */
  async names(missionId: number, stage: Stage, em?: EntityManager): Promise<ConditionSchema> {
    const questions = {} as Record<Stage, ChecklistQuestion[]>;
    for (const s of STAGES) questions[s] = await this.checklists.templateFor(missionId, s, em);
    return reportNames(stage, questions);
  }

  create(caller: Caller, missionId: number, dto: CreateQualityCheckDto): Promise<QualityCheck> {
    return this.writer.transaction(async (em, writes) => {
      await this.missions.getWritable(missionId, em);
      await this.assertNameFree(em, missionId, dto.stage, dto.name);
      const compiled = await this.compile(em, missionId, dto.stage, dto.condition);
      const check = await this.store.save(em, { ...dto, missionId, compiled, recheckState: 'running' });
      this.audit.record(writes, {
        caller,
        action: 'create',
        entityType: 'quality_check',
        entityId: check.id,
        missionId,
        after: view(check),
      });
      return check;
    });
  }

  /** Answers the check as saved and whether its condition changed (its stage is then re-checked). */
  update(
    caller: Caller,
    missionId: number,
    id: number,
    dto: UpdateQualityCheckDto,
  ): Promise<{ check: QualityCheck; conditionChanged: boolean }> {
    const { version, ...changes } = dto;
    return this.writer.transaction(async (em, writes) => {
      await this.missions.getWritable(missionId, em);
      const check = await this.store.find(missionId, id, em);
      if (!check) throw new NotFoundException(`Quality check ${id} not found in mission ${missionId}`);
      assertVersion(check, version, `Quality check ${id}`);
      const before = view(check);
      if (changes.name !== undefined && changes.name !== check.name) {
        await this.assertNameFree(em, missionId, check.stage, changes.name);
      }
      const conditionChanged = changes.condition !== undefined && changes.condition !== check.condition;
      if (conditionChanged) {
        check.compiled = await this.compile(em, missionId, check.stage, changes.condition!);
        check.recheckState = 'running';
      }
      Object.assign(check, changes);
      const saved = await this.store.save(em, check);
      this.audit.record(writes, {
        caller,
        action: 'update',
        entityType: 'quality_check',
        entityId: id,
        missionId,
        before,
        after: view(saved),
      });
      return { check: saved, conditionChanged };
    });
  }

  /** Its flags go with it (the database cascades). */
  remove(caller: Caller, missionId: number, id: number): Promise<void> {
    return this.writer.transaction(async (em, writes) => {
      await this.missions.getWritable(missionId, em);
      const check = await this.store.find(missionId, id, em);
      if (!check) throw new NotFoundException(`Quality check ${id} not found in mission ${missionId}`);
      await this.store.delete(em, id);
      this.audit.record(writes, {
        caller,
        action: 'delete',
        entityType: 'quality_check',
        entityId: id,
        missionId,
        before: view(check),
      });
    });
  }

  private async compile(
    em: EntityManager,
    missionId: number,
    stage: Stage,
    condition: string,
  ): Promise<CompiledCondition> {
    const result = compileCondition(condition, await this.names(missionId, stage, em));
    if (!result.ok)
      throw badRequestFromFieldErrors(
        result.errors.map((message) => ({ field: 'condition', message: `condition: ${message}` })),
      );
    return result.condition;
  }

  private async assertNameFree(em: EntityManager, missionId: number, stage: Stage, name: string): Promise<void> {
    if (await this.store.findByName(em, missionId, stage, name)) {
      throw new ConflictException(`The ${stage} checklist already has a quality check named "${name}"`);
    }
  }
}

/** What the audit log keeps of a check: what a coordinator wrote, not the compiled form. */
function view(check: QualityCheck) {
  const { id, stage, name, severity, condition } = check;
  return { id, stage, name, severity, condition };
}
