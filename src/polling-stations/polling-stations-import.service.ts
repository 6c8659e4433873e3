import { DatabaseWriter, WriteSet } from '../database';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CsvColumnSpec, CsvRow, CsvSheet, ImportMode, ImportResult, readCsv } from '../common/csv';
import { MAX_INT } from '../common/integer-fields';
import { MissionsService } from '../missions/missions.service';
import { STATION_TYPES } from './entities/polling-station.enums';
import { describeStationKey } from './polling-stations.service';
import { PollingStationsStore, StationValues, StoredStation } from './polling-stations.store';
import { Caller } from '../common/request-context';

export interface StationImportOptions {
  /** `?columns=ourField:theirHeader,...` */
  mapping?: string;
  mode?: ImportMode;
  /** Called before the first write and after each batch (the CLI draws its progress bar). */
  onProgress?: (written: number, total: number) => void;
}

export interface StationImportResult extends ImportResult {
  /** Rows of an upsert that matched a station holding the same values already. */
  unchanged: number;
}

interface FileStation {
  row: CsvRow;
  values: StationValues;
  /** Only a new station needs a name; an upsert may leave the column out. */
  hasName: boolean;
}

/** A file read and checked row by row, before any database work. */
interface StationFile {
  sheet: CsvSheet;
  fileStations: FileStation[];
}

/** Our CSV field -> the entity property it fills. */
const FIELD_PROPERTY = {
  constituency: 'constituencyCode',
  code: 'code',
  name: 'name',
  address: 'address',
  region: 'region',
  district: 'district',
  latitude: 'latitude',
  longitude: 'longitude',
  registered_voters: 'registeredVoters',
  type: 'type',
  tags: 'tags',
} as const satisfies Record<string, keyof StationValues>;
type StationField = keyof typeof FIELD_PROPERTY;
export const STATION_IMPORT_FIELDS = Object.keys(FIELD_PROPERTY) as StationField[];

/** What an upsert compares with the stored station besides its key; tags are compared as JSON text. */
const COMPARED = Object.values(FIELD_PROPERTY).filter((p) => !['constituencyCode', 'code', 'tags'].includes(p));

const stationKey = (constituencyCode: string, code: string) => `${constituencyCode}\u0000${code}`;

/**
 * The polling-station CSV import, for HTTP and the CLI alike. All or nothing: every bad row is
 * reported and nothing is written unless the whole file is good. Fast enough for a national list
 * (100,000 rows): the mission's existing stations are read with ONE query, and rows are written
 * with multi-row INSERTs in one transaction, never a query per row.
 */
@Injectable()
export class PollingStationsImportService {
  constructor(
    private readonly missions: MissionsService,
    private readonly writer: DatabaseWriter,
    private readonly audit: AuditService,
    private readonly store: PollingStationsStore,
  ) {}

  async importCsv(
    caller: Caller,
    missionId: number,
    text: string,
    options: StationImportOptions = {},
  ): Promise<StationImportResult> {
    // A missing mission is a 404 before any time is spent on its file.
    await this.missions.get(missionId);
    const file = readFile(text, options);
    return this.writer.transaction((em, writes) => this.write(caller, em, writes, missionId, file, options));
  }

  /**
   * importCsv inside a transaction the caller already holds (the sample mission seed, which
   * stores a mission and its stations in one transaction).
   */
  importInTransaction(
    caller: Caller,
    em: EntityManager,
    writes: WriteSet,
    missionId: number,
    text: string,
    options: StationImportOptions = {},
  ): Promise<StationImportResult> {
    return this.write(caller, em, writes, missionId, readFile(text, options), options);
  }

  private async write(
    caller: Caller,
    em: EntityManager,
    writes: WriteSet,
    missionId: number,
    { sheet, fileStations }: StationFile,
    options: StationImportOptions,
  ): Promise<StationImportResult> {
    const mode = options.mode ?? 'insert';
    await this.missions.getWritable(missionId, em);
    // An insert only needs to know which keys are taken; an upsert compares the values too.
    const found = await this.store.findForImport(em, missionId, mode === 'upsert' ? [...COMPARED, 'tags'] : []);
    const stored = new Map(found.map((s) => [stationKey(s.constituencyCode, s.code), s]));
    const toInsert: StationValues[] = [];
    const toUpdate: StationValues[] = [];
    let unchanged = 0;
    for (const { row, values, hasName } of fileStations) {
      const existing = stored.get(stationKey(values.constituencyCode, values.code));
      if (!existing) {
        if (hasName) toInsert.push(values);
        else row.error('name', 'is required for a new station');
      } else if (mode === 'insert') {
        row.error(
          'code',
          `a station with ${describeStationKey(values.constituencyCode, values.code)} already exists in this mission (id ${existing.id}); import with ?mode=upsert to update it`,
        );
      } else {
        const merged = mergeInto(existing, values, sheet);
        if (sameValues(merged, existing)) unchanged++;
        else toUpdate.push(merged);
      }
    }
    sheet.errors.throwIfAny();

    const total = toInsert.length + toUpdate.length;
    let written = 0;
    options.onProgress?.(0, total);
    const progress = (batch: number) => options.onProgress?.((written += batch), total);
    await this.store.writeImported(em, missionId, toInsert, false, progress);
    await this.store.writeImported(em, missionId, toUpdate, true, progress);

    const result = { created: toInsert.length, updated: toUpdate.length, unchanged };
    this.audit.record(writes, {
      caller,
      action: 'import',
      entityType: 'polling_station',
      entityId: null,
      missionId,
      after: { mode, rows: fileStations.length, ...result },
    });
    return result;
  }
}

/** Reads the file and checks every row (no database yet). */
function readFile(text: string, options: StationImportOptions): StationFile {
  const mode = options.mode ?? 'insert';
  const columns: CsvColumnSpec[] = STATION_IMPORT_FIELDS.map((field) => ({
    field,
    required: field === 'code' || (field === 'name' && mode === 'insert'),
  }));
  const sheet = readCsv(text, { columns, mapping: options.mapping });
  return { sheet, fileStations: readStations(sheet) };
}

/** Converts and checks every row; a station repeated within the file is an error on its later lines. */
function readStations(sheet: CsvSheet): FileStation[] {
  const stations: FileStation[] = [];
  const firstLine = new Map<string, number>();
  const hasName = sheet.has('name');
  for (const row of sheet.rows) {
    const values: StationValues = {
      constituencyCode: row.text('constituency', { maxLength: 64 }) ?? '',
      code: row.requiredText('code', { maxLength: 64 }),
      name: hasName ? row.requiredText('name', { maxLength: 300 }) : '',
      address: row.text('address', { maxLength: 500 }),
      region: row.text('region', { maxLength: 200 }),
      district: row.text('district', { maxLength: 200 }),
      latitude: row.number('latitude', { min: -90, max: 90 }),
      longitude: row.number('longitude', { min: -180, max: 180 }),
      registeredVoters: row.integer('registered_voters', { min: 0, max: MAX_INT }),
      type: row.oneOf('type', STATION_TYPES) ?? 'regular',
      tags: row.list('tags', ';'),
    };
    for (const tag of values.tags) {
      if (tag.length > 64) row.error('tags', `tag "${tag.slice(0, 20)}..." is longer than 64 characters`);
    }
    if (values.code !== '') {
      const key = stationKey(values.constituencyCode, values.code);
      const seen = firstLine.get(key);
      if (seen !== undefined) {
        row.error(
          'code',
          `the station with ${describeStationKey(values.constituencyCode, values.code)} is already on line ${seen}`,
        );
      } else {
        firstLine.set(key, row.line);
      }
    }
    if (!row.hasErrors) stations.push({ row, values, hasName });
  }
  return stations;
}

/** An upsert changes only the columns the file has; the others keep their stored values. */
function mergeInto(stored: StoredStation, values: StationValues, sheet: CsvSheet): StationValues {
  const merged = { ...values };
  for (const field of STATION_IMPORT_FIELDS) {
    if (sheet.has(field)) continue;
    const property = FIELD_PROPERTY[field];
    if (property === 'tags') merged.tags = JSON.parse(stored.tags) as string[];
    else (merged as Record<string, unknown>)[property] = stored[property];
  }
  return merged;
}

function sameValues(values: StationValues, stored: StoredStation): boolean {
  return (
    COMPARED.every((p) => values[p] === stored[p as keyof StoredStation]) && JSON.stringify(values.tags) === stored.tags
  );
}
