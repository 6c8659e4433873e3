import { BadRequestException, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Page, PaginationQueryDto, toPage } from '../common/pagination';
import { badRequestFromFieldErrors } from '../common/validation';
import { DatabaseWriter } from '../database';
import { STAGES, Stage } from '../common/stages';
import { assertVersion } from '../common/versions';
import { MissionsService } from '../missions/missions.service';
import { ChecklistQuestion } from './entities/checklist.types';
import { checkQuestions } from './checklist-rules';
import { ChecklistsStore } from './checklists.store';
import { ChecklistQuestionDto, PutChecklistDto } from './dto/checklist.dto';
import { ChecklistTemplate } from './entities/checklist-template.entity';
import { Caller } from '../common/request-context';

function toQuestion(dto: ChecklistQuestionDto): ChecklistQuestion {
  return {
    code: dto.code,
    text: dto.text,
    type: dto.type,
    options: dto.options ?? [],
    required: dto.required ?? false,
    negativeAnswers: dto.negativeAnswers ?? [],
  };
}

const byStage = (a: ChecklistTemplate, b: ChecklistTemplate) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage);

@Injectable()
export class ChecklistsService {
  constructor(
    private readonly store: ChecklistsStore,
    private readonly writer: DatabaseWriter,
    private readonly missions: MissionsService,
    private readonly audit: AuditService,
  ) {}

  async list(missionId: number, query: PaginationQueryDto): Promise<Page<ChecklistTemplate>> {
    const all = await this.allStages(missionId);
    return toPage(all.slice(query.offset, query.offset + query.limit), all.length, query);
  }

  async get(missionId: number, stage: Stage, em?: EntityManager): Promise<ChecklistTemplate> {
    const all = await this.allStages(missionId, em);
    return all.find((template) => template.stage === stage)!;
  }

  /**
   * The questions a visit at this stage is answered against (see validateAnswers). Pass the
   * transaction's manager when calling from inside a write, so the check and the insert see the
   * same template.
   */
  async templateFor(missionId: number, stage: Stage, em?: EntityManager): Promise<ChecklistQuestion[]> {
    return (await this.get(missionId, stage, em)).questions;
  }

  /** Replaces a stage's questions. Answers already given keep their own text and negative flag. */
  put(caller: Caller, missionId: number, stage: Stage, dto: PutChecklistDto): Promise<ChecklistTemplate> {
    if (dto.stage !== undefined && dto.stage !== stage) {
      throw new BadRequestException(`stage: the body is for ${dto.stage} but the URL is for ${stage}`);
    }
    const questions = dto.questions.map(toQuestion);
    const errors = checkQuestions(questions);
    if (errors.length) throw badRequestFromFieldErrors(errors);
    return this.writer.transaction(async (em, writes) => {
      await this.missions.getWritable(missionId, em);
      // Locked where the engine can, so two PUTs sending the same version cannot both win.
      let template = await this.store.findForUpdate(em, missionId, stage);
      if (!template) {
        await this.store.insertDefaults(em, missionId);
        template = (await this.store.findForUpdate(em, missionId, stage))!;
      }
      assertVersion(template, dto.version, `The ${stage} checklist of mission ${missionId}`);
      const before = { questions: template.questions };
      template.questions = questions;
      const saved = await this.store.save(em, template);
      this.audit.record(writes, {
        caller,
        action: 'update',
        entityType: 'checklist_template',
        entityId: saved.id,
        missionId,
        before,
        after: { questions: saved.questions },
      });
      return saved;
    });
  }

  /**
   * Every stage's template of a mission, in stage order; 404 for an unknown mission. Stages a
   * mission has no template for (a mission inserted without the application, or before
   * checklists existed) get their defaults now, so every reader sees the same questions.
   */
  private async allStages(missionId: number, em?: EntityManager): Promise<ChecklistTemplate[]> {
    let rows = await this.store.findForMission(missionId, em);
    if (rows.length < STAGES.length) {
      await this.missions.get(missionId, em);
      if (em) await this.store.insertDefaults(em, missionId);
      else await this.writer.transaction((tx) => this.store.insertDefaults(tx, missionId));
      rows = await this.store.findForMission(missionId, em);
    }
    return rows.sort(byStage);
  }
}
