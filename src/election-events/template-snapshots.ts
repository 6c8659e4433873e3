import { Injectable } from '@nestjs/common';
import { ChecklistQuestion } from '../checklists/entities/checklist.types';
import { AnswersStore } from './answers.store';
import { Stage } from './entities/election-event.enums';

export interface TemplateSnapshot {
  /** The questions column as stored (JSON text): what the write compares with the current one. */
  raw: string;
  questions: ChecklistQuestion[];
}

/** Missions x stages is small; the bound only stops a pathological number of missions from growing it. */
const MAX_ENTRIES = 5_000;

/**
 * The checklist questions last seen per mission and stage, so a visit's answers are validated
 * before it queues for the writer, without reading and parsing the template inside it. Never
 * trusted alone: the write reads the stored questions text in its transaction (readCreateChecks)
 * and uses the early validation only when that text is the one validated against; otherwise it
 * validates again against what it read. So a stale entry costs a parse, never a visit checked
 * against another template, and several instances need not agree on anything.
 */
@Injectable()
export class TemplateSnapshots {
  private readonly byKey = new Map<string, TemplateSnapshot>();

  constructor(private readonly answers: AnswersStore) {}

  /** The last seen template, read now when none is known; null when the mission has none (yet). */
  async get(missionId: number, stage: Stage): Promise<TemplateSnapshot | null> {
    const known = this.byKey.get(`${missionId}:${stage}`);
    if (known) return known;
    const raw = await this.answers.templateText(missionId, stage);
    return raw === null ? null : this.snapshot(missionId, stage, raw);
  }

  /** The questions of `raw` (the stored text), parsed once per distinct text. */
  snapshot(missionId: number, stage: Stage, raw: string): TemplateSnapshot {
    const key = `${missionId}:${stage}`;
    const known = this.byKey.get(key);
    if (known?.raw === raw) return known;
    if (this.byKey.size >= MAX_ENTRIES) this.byKey.clear();
    const fresh = { raw, questions: JSON.parse(raw) as ChecklistQuestion[] };
    this.byKey.set(key, fresh);
    return fresh;
  }
}
