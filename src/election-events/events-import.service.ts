import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ChecklistQuestion } from '../checklists/entities/checklist.types';
import { ChecklistsService } from '../checklists/checklists.service';
import { AnswerRow, validateAnswers } from '../checklists/answer-validation';
import { csvFileError, CsvRow, csvText, ImportResult, readCsv } from '../common/csv';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { MAX_INT } from '../common/integer-fields';
import { readMissionTime } from '../common/mission-time';
import { badRequestFromFieldErrors } from '../common/validation';
import { DeploymentsService } from '../deployments/deployments.service';
import { MissionsService } from '../missions/missions.service';
import { EventsImportQueryDto } from './dto/events-import.dto';
import { OVERALL_ASSESSMENTS, STAGES, Stage } from './entities/election-event.enums';
import { WriteSet } from '../database';
import { mapValue, parseIgnoredColumns, parseValueMapping } from './value-mapping';
import { Caller } from '../common/request-context';
import { AnswersStore } from './answers.store';
import { EventsStore, ImportedVisit, StationRef } from './events.store';
import { ReportFlagsService } from './report-flags.service';

const FIELDS = [
  'constituency',
  'station',
  'stage',
  'occurred_at',
  'overall_assessment',
  'voters_voted',
  'observer',
] as const;

/** The title of a visit that came without one. */
const visitTitle = (stage: Stage, stationCode: string) =>
  `${stage[0].toUpperCase()}${stage.slice(1)} visit to station ${stationCode}`;

type Visit = ImportedVisit & { stage: Stage; answers: AnswerRow[] };

/** The query's `values` and `ignore`, read (400 when malformed) before any database work. */
interface Mappings {
  values: Map<string, string>;
  ignored: Set<string>;
}

function readMappings(query: EventsImportQueryDto): Mappings {
  return { values: parseValueMapping(query.values), ignored: parseIgnoredColumns(query.ignore) };
}

/**
 * Checklists filled on paper or in another tool, one row per station visit. All or nothing: every
 * row is checked (station, stage, answers against that stage's template) before anything is
 * written, and the whole file is stored in one transaction with batched inserts.
 */
@Injectable()
export class EventsImportService {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly missions: MissionsService,
    private readonly checklists: ChecklistsService,
    private readonly deployments: DeploymentsService,
    private readonly audit: AuditService,
    private readonly events: EventsStore,
    private readonly answers: AnswersStore,
    private readonly flags: ReportFlagsService,
  ) {}

  import(caller: Caller, missionId: number, body: unknown, query: EventsImportQueryDto): Promise<ImportResult> {
    const text = csvText(body);
    const mappings = readMappings(query);
    // Read inside the write: the templates and stations checked are the ones the rows are stored against.
    return this.idempotency.transaction(caller, 201, (em, writes) =>
      this.importWithin(caller, em, writes, missionId, text, query, mappings),
    );
  }

  /**
   * The import inside a transaction the caller already holds (the sample mission seed, which
   * stores a mission, its stations and its visits in one transaction).
   */
  importInTransaction(
    caller: Caller,
    em: EntityManager,
    writes: WriteSet,
    missionId: number,
    text: string,
    query: EventsImportQueryDto,
  ): Promise<ImportResult> {
    return this.importWithin(caller, em, writes, missionId, text, query, readMappings(query));
  }

  private async importWithin(
    caller: Caller,
    em: EntityManager,
    writes: WriteSet,
    missionId: number,
    text: string,
    query: EventsImportQueryDto,
    { values, ignored }: Mappings,
  ): Promise<ImportResult> {
    const { timezone } = await this.missions.getWritable(missionId, em);
    // The whole file's time, read once: a bad one is the query's error, not every row's.
    let fileTime: Date | undefined;
    if (query.occurredAt !== undefined) {
      const read = readMissionTime(query.occurredAt, timezone);
      if ('error' in read)
        throw badRequestFromFieldErrors([{ field: 'occurredAt', message: `occurredAt: ${read.error}` }]);
      fileTime = read.instant;
    }
    const templates = new Map<Stage, ChecklistQuestion[]>();
    for (const stage of STAGES) templates.set(stage, await this.checklists.templateFor(missionId, stage, em));
    const fieldSet = new Set<string>(FIELDS);
    const questionCodes = [...new Set([...templates.values()].flat().map((q) => q.code))].filter(
      (code) => !fieldSet.has(code),
    );

    const sheet = readCsv(text, {
      columns: [
        { field: 'station', required: true },
        ...FIELDS.filter((f) => f !== 'station').map((field) => ({ field })),
        ...questionCodes.map((field) => ({ field })),
      ],
      mapping: query.columns,
    });
    const used = new Set([...FIELDS, ...questionCodes].map((f) => sheet.indexOf(f)));
    const unknown = sheet.headers.filter((h, i) => !used.has(i) && !ignored.has(h.toLowerCase()));
    if (unknown.length) {
      throw csvFileError(
        'The file has columns that are neither fields nor checklist questions',
        unknown.map((column) => ({
          line: 1,
          column,
          message: `column "${column}" is not a field nor a question of the mission's checklists; map it with ?columns=<question code>:${column} or leave it out with ?ignore=${column}`,
        })),
      );
    }
    const answerColumns = questionCodes.filter((code) => sheet.has(code));

    const codes = new Set(sheet.rows.map((r) => r.raw('station')).filter((c) => c !== ''));
    const stations = await this.events.stationsByCode(em, missionId, [...codes]);
    const accreditations = new Set(sheet.rows.map((r) => r.raw('observer')).filter((n) => n !== ''));
    const observers = await this.events.observersByAccreditation(em, missionId, [...accreditations]);
    const visits: Visit[] = [];
    for (const row of sheet.rows) {
      const visit = this.readRow(
        row,
        query,
        { values, timezone, fileTime },
        templates,
        answerColumns,
        stations,
        observers,
      );
      if (visit && !row.hasErrors) visits.push(visit);
    }
    sheet.errors.throwIfAny();
    if (!visits.length) {
      throw csvFileError('The file has no rows', [{ line: 2, column: null, message: 'expected one row per visit' }]);
    }

    await this.store(caller, em, writes, missionId, visits);
    // The visits' flags, and those of the other visits at their stations, once their answers are in.
    await writes.flush();
    await this.flags.refresh(writes, missionId, [...new Set(visits.map((v) => v.pollingStationId!))]);
    this.audit.record(writes, {
      caller,
      action: 'import',
      entityType: 'event',
      entityId: null,
      missionId,
      after: { type: 'station_visit', created: visits.length },
    });
    return { created: visits.length, updated: 0 };
  }

  private readRow(
    row: CsvRow,
    query: EventsImportQueryDto,
    { values, timezone, fileTime }: { values: ReadonlyMap<string, string>; timezone: string; fileTime?: Date },
    templates: ReadonlyMap<Stage, ChecklistQuestion[]>,
    answerColumns: string[],
    stations: Map<string, StationRef[]>,
    observers: Map<string, number>,
  ): Visit | null {
    const code = row.requiredText('station');
    const constituency = row.raw('constituency');
    const candidates = (stations.get(code) ?? []).filter(
      (s) => constituency === '' || s.constituencyCode === constituency,
    );
    let station: StationRef | undefined;
    if (code !== '' && candidates.length === 0) {
      row.error(
        'station',
        `"${code}"${constituency ? ` in constituency "${constituency}"` : ''} is not a polling station of this mission`,
      );
    } else if (candidates.length > 1) {
      row.error('station', `"${code}" is a station number in several constituencies; add a constituency column`);
    } else {
      station = candidates[0];
    }

    const stageCell = mapValue(values, row.raw('stage'));
    let stage: Stage | undefined = query.stage;
    if (stageCell !== '') {
      stage = STAGES.find((s) => s === stageCell.toLowerCase());
      if (!stage) row.error('stage', `"${row.raw('stage')}" is not one of: ${STAGES.join(', ')}`);
    } else if (!stage) {
      row.error('stage', 'is required (or give the stage of the whole file with ?stage=)');
    }

    // Without an offset, a time is on the mission's clocks: paper reports are written in local time.
    const occurredCell = row.raw('occurred_at');
    let occurredAt = fileTime;
    if (occurredCell !== '') {
      const read = readMissionTime(occurredCell, timezone);
      if ('error' in read) row.error('occurred_at', read.error);
      occurredAt = 'error' in read ? undefined : read.instant;
    } else if (!occurredAt) {
      row.error('occurred_at', 'is required (or give one for the whole file with ?occurredAt=)');
    }

    const assessmentCell = mapValue(values, row.raw('overall_assessment'));
    const overallAssessment = OVERALL_ASSESSMENTS.find((a) => a === assessmentCell.toLowerCase()) ?? null;
    if (assessmentCell !== '' && !overallAssessment) {
      row.error(
        'overall_assessment',
        `"${row.raw('overall_assessment')}" is not one of: ${OVERALL_ASSESSMENTS.join(', ')} (map your words with ?values=)`,
      );
    }

    const votersVoted = row.integer('voters_voted', { min: 0, max: MAX_INT });
    if (votersVoted !== null && station?.registeredVoters != null && votersVoted > station.registeredVoters) {
      row.error('voters_voted', `${votersVoted} exceeds the station's ${station.registeredVoters} registered voters`);
    }

    const accreditation = row.raw('observer');
    const observerId = accreditation === '' ? null : (observers.get(accreditation) ?? null);
    if (accreditation !== '' && observerId === null) {
      row.error('observer', `no observer of this mission has accreditation number "${accreditation}"`);
    }

    if (!stage) return null;
    const questions = templates.get(stage)!;
    const asked = new Set(questions.map((q) => q.code));
    const answers: Record<string, string | null> = {};
    for (const column of answerColumns) {
      const cell = mapValue(values, row.raw(column));
      if (asked.has(column)) answers[column] = cell === '' ? null : cell;
      else if (cell !== '') row.error(column, `is not a question of the ${stage} checklist`);
    }
    const checked = validateAnswers(questions, answers);
    for (const error of checked.errors) {
      const field = error.field.replace(/^answers\./, '');
      row.error(field, error.message.replace(`${error.field}: `, ''));
    }
    if (!station || !occurredAt) return null;
    return {
      pollingStationId: station.id,
      title: visitTitle(stage, station.code),
      stage,
      occurredAt,
      overallAssessment,
      votersVoted,
      observerId,
      answers: checked.rows,
    };
  }

  private async store(
    caller: Caller,
    em: EntityManager,
    writes: WriteSet,
    missionId: number,
    visits: Visit[],
  ): Promise<void> {
    const ids = await this.events.insertVisits(em, missionId, caller.actor.userId, visits);
    this.answers.addAnswers(
      writes,
      visits.map((v, i) => ({ visit: { id: ids[i], missionId, stage: v.stage }, rows: v.answers })),
    );
    // Only a visit with a known observer can fulfil a deployment (of that observer or their team).
    for (const v of visits) {
      if (v.observerId === null) continue;
      await this.deployments.markDoneForVisit(caller, writes, missionId, v.pollingStationId!, v.stage, v.occurredAt, {
        observerIds: [v.observerId],
      });
    }
  }
}
