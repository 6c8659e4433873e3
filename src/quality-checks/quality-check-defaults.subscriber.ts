import { Injectable } from '@nestjs/common';
import { DataSource, EntitySubscriberInterface, InsertEvent } from 'typeorm';
import { ChecklistQuestion } from '../checklists/entities/checklist.types';
import { defaultQuestions } from '../checklists/default-templates';
import { STAGES, Stage } from '../common/stages';
import { Mission } from '../missions/entities/mission.entity';
import { compileCondition } from './condition';
import { DEFAULT_CHECKS } from './default-checks';
import { QualityChecksStore } from './quality-checks.store';
import { reportNames } from './report-names';

/** The default checks compiled against the default checklists, once: they are the same for every mission. */
function compiledDefaults() {
  const questions = Object.fromEntries(STAGES.map((s) => [s, defaultQuestions(s)])) as Record<
    Stage,
    ChecklistQuestion[]
  >;
  return DEFAULT_CHECKS.map((check) => {
    const result = compileCondition(check.condition, reportNames(check.stage, questions));
    if (!result.ok) throw new Error(`Default check "${check.name}" does not compile: ${result.errors.join('; ')}`);
    return { ...check, compiled: result.condition };
  });
}

/**
 * A new mission gets the default quality checks in the transaction that creates it, as it gets
 * its default checklists (checklist-defaults.subscriber.ts), whoever creates it.
 */
@Injectable()
export class QualityCheckDefaultsSubscriber implements EntitySubscriberInterface<Mission> {
  private readonly defaults = compiledDefaults();

  constructor(
    dataSource: DataSource,
    private readonly store: QualityChecksStore,
  ) {
    dataSource.subscribers.push(this);
  }

  listenTo(): typeof Mission {
    return Mission;
  }

  async afterInsert(event: InsertEvent<Mission>): Promise<void> {
    await this.store.insertMany(
      event.manager,
      this.defaults.map((check) => ({ ...check, missionId: event.entity.id })),
    );
  }
}
