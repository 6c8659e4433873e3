import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FieldError, flattenValidationErrors } from '../common/validation';
import { checkEventType } from '../election-events/event-type-rules';
import { checkMissionDates } from '../missions/missions.service';
import { SampleMissionFile } from './sample-mission.schema';

/** How this file refers to a station: `constituency/code`. */
export const stationKey = (s: { constituencyCode?: string; code: string }) => `${s.constituencyCode ?? ''}/${s.code}`;

function duplicates(values: (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (seen.has(v)) repeated.add(v);
    seen.add(v);
  }
  return [...repeated];
}

/** Rules that span records: references by key, uniqueness, the code of conduct. */
function checkConsistency(file: SampleMissionFile): FieldError[] {
  const errors: FieldError[] = checkMissionDates(file.mission).map((e) => ({ ...e, field: `mission.${e.field}` }));
  const teams = new Set(file.teams.map((t) => t.code));
  const observers = new Set(file.observers.map((o) => o.key));
  const stations = new Set(file.pollingStations.map(stationKey));
  const constituencies = new Set(file.constituencies.map((c) => c.code));
  const unique: [field: string, what: string, values: (string | null | undefined)[]][] = [
    ['teams', 'team code', file.teams.map((t) => t.code)],
    ['observers', 'observer key', file.observers.map((o) => o.key)],
    ['observers', 'accreditation number', file.observers.map((o) => o.accreditationNumber)],
    ['pollingStations', 'station', file.pollingStations.map(stationKey)],
  ];
  for (const [field, what, values] of unique) {
    for (const value of duplicates(values)) errors.push({ field, message: `${what} ${value} appears twice` });
  }
  file.observers.forEach((o, i) => {
    if (o.team !== null && o.team !== undefined && !teams.has(o.team)) {
      errors.push({ field: `observers.${i}.team`, message: `team ${o.team} is not among teams` });
    }
    if (o.nationality === file.mission.hostCountry) {
      errors.push({
        field: `observers.${i}.nationality`,
        message: `code of conduct: an observer may not be a national of the host country (${o.nationality})`,
      });
    }
  });
  file.pollingStations.forEach((s, i) => {
    if (constituencies.size && !constituencies.has(s.constituencyCode ?? '')) {
      errors.push({
        field: `pollingStations.${i}.constituencyCode`,
        message: `constituency ${s.constituencyCode} is not among constituencies`,
      });
    }
  });
  file.events.forEach((e, i) => {
    for (const key of e.observers) {
      if (!observers.has(key))
        errors.push({ field: `events.${i}.observers`, message: `observer ${key} is not among observers` });
    }
    if (e.station && !stations.has(stationKey(e.station))) {
      errors.push({
        field: `events.${i}.station`,
        message: `station ${stationKey(e.station)} is not among pollingStations`,
      });
    }
    for (const err of checkEventType({ ...e, pollingStationId: e.station ? 0 : null })) {
      errors.push({ field: `events.${i}.${err.field}`, message: err.message });
    }
  });
  return errors;
}

/**
 * Reads and checks the sample mission file. Throws one error naming every problem, so a broken
 * edit of the file stops the start instead of seeding half a mission.
 */
export function loadSampleMission(path: string): SampleMissionFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Sample mission ${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  const file = plainToInstance(SampleMissionFile, raw);
  const shapeErrors = flattenValidationErrors(
    validateSync(file, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false } }),
  );
  const errors = shapeErrors.length ? shapeErrors : checkConsistency(file);
  if (errors.length) {
    const lines = errors.map((e) => `  ${e.field}: ${e.message}`);
    throw new Error(`Sample mission ${path} is invalid:\n${lines.join('\n')}`);
  }
  return file;
}
