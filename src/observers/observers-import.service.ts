import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { CsvErrors, CsvImportQueryDto, csvText, ImportResult } from '../common/csv';
import { DatabaseWriter } from '../database';
import { MissionsService } from '../missions/missions.service';
import { Observer } from './entities/observer.entity';
import { ObserverCsvRow, ObserverCsvValues, readObserverCsv, requireCreateFields } from './observer-csv';
import { codeOfConductViolation } from './observer.rules';
import { ObserversStore } from './observers.store';
import { Caller } from '../common/request-context';

/** The fields of `values` an update may write: an empty cell clears a nullable field only. */
function changesFrom(values: ObserverCsvValues): Partial<Observer> {
  const changes: Partial<Observer> = {};
  for (const [key, value] of Object.entries(values) as [keyof Observer, unknown][]) {
    const notNullColumn = ['fullName', 'role', 'nationality', 'gender', 'accreditationStatus'].includes(key);
    if (value === null && notNullColumn) continue;
    (changes as Record<string, unknown>)[key] = value;
  }
  return changes;
}

/**
 * Imports an observers CSV into a mission, all or nothing: every row is checked (cells, team
 * codes, accreditation numbers, code of conduct) before anything is written, and the writes run in
 * one transaction with one audit entry.
 */
@Injectable()
export class ObserversImportService {
  constructor(
    private readonly missions: MissionsService,
    private readonly store: ObserversStore,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
  ) {}

  async import(caller: Caller, missionId: number, body: unknown, query: CsvImportQueryDto): Promise<ImportResult> {
    await this.missions.get(missionId); // an unknown mission is a 404 whatever the file holds
    const mode = query.mode ?? 'insert';
    const { sheet, rows } = readObserverCsv(csvText(body), { mapping: query.columns, mode });
    return this.writer.transaction(async (em, writes) => {
      const mission = await this.missions.getWritable(missionId, em);
      const errors = sheet.errors;
      const column = (field: string) => sheet.columnOf(field);

      let conductErrors = 0;
      for (const row of rows) {
        const violation = row.values.nationality && codeOfConductViolation(row.values.nationality, mission.hostCountry);
        if (violation) {
          errors.add(row.line, column('nationality'), violation);
          conductErrors++;
        }
      }

      const codes = rows.map((r) => r.teamCode).filter((c): c is string => !!c);
      const teamIds = await this.store.teamIdsByCode(em, missionId, [...new Set(codes)]);
      for (const row of rows) {
        if (row.teamCode && !teamIds.has(row.teamCode)) {
          errors.add(row.line, column('team'), `team "${row.teamCode}" does not exist in this mission`);
        }
      }

      const numbers = rows.map((r) => r.values.accreditationNumber).filter((n): n is string => !!n);
      const existing = await this.store.idsByAccreditation(em, missionId, [...new Set(numbers)]);
      const toCreate: ObserverCsvRow[] = [];
      const toUpdate: { id: number; row: ObserverCsvRow }[] = [];
      for (const row of rows) {
        const id = row.values.accreditationNumber ? existing.get(row.values.accreditationNumber) : undefined;
        if (id === undefined) {
          toCreate.push(row);
          if (mode === 'upsert') requireCreateFields(sheet, row);
        } else if (mode === 'insert') {
          errors.add(
            row.line,
            column('accreditation_number'),
            `"${row.values.accreditationNumber}" is already held by observer ${id} in this mission (use ?mode=upsert to update it)`,
          );
        } else {
          toUpdate.push({ id, row });
        }
      }

      if (errors.count > 0) throw this.rejection(errors, conductErrors);

      const teamIdOf = (row: ObserverCsvRow) =>
        row.teamCode === undefined ? {} : { teamId: row.teamCode === null ? null : teamIds.get(row.teamCode)! };
      const created = toCreate.map((row) => ({ ...changesFrom(row.values), ...teamIdOf(row), missionId }));
      await this.store.insertObservers(em, created);
      // Rows that set the same values (e.g. a column of new statuses) share one UPDATE.
      const idsByChanges = new Map<string, number[]>();
      for (const { id, row } of toUpdate) {
        const key = JSON.stringify({ ...changesFrom(row.values), ...teamIdOf(row) });
        idsByChanges.set(key, [...(idsByChanges.get(key) ?? []), id]);
      }
      for (const [key, ids] of idsByChanges) {
        await this.store.updateObservers(em, missionId, ids, JSON.parse(key) as Partial<Observer>);
      }

      const result = { created: toCreate.length, updated: toUpdate.length };
      this.audit.record(writes, {
        caller,
        action: 'import',
        entityType: 'observer',
        entityId: null,
        missionId,
        after: { ...result, mode },
      });
      return result;
    });
  }

  /**
   * A file that is well formed but would put host-country nationals in the mission breaks the
   * code of conduct (422); any other bad cell makes it bad input (400). Both list every error.
   */
  private rejection(errors: CsvErrors, conductErrors: number) {
    const rejected = errors.toException();
    if (conductErrors === 0 || conductErrors < errors.count) return rejected;
    const body = rejected.getResponse() as Record<string, unknown>;
    return new UnprocessableEntityException({
      ...body,
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: `Code of conduct: observers may not be nationals of the host country; ${body.message as string}`,
    });
  }
}
