import { isEmail, isISO31661Alpha2 } from 'class-validator';
import { TrackedEntity } from '../common/entities/tracked.entity';
import { CsvColumnSpec, CsvRow, CsvSheet, ImportMode, readCsv } from '../common/csv';
import { Observer } from './entities/observer.entity';
import { ACCREDITATION_STATUSES, GENDERS, OBSERVER_ROLES } from './entities/observer.enums';
import { isPastCalendarDate, PHONE_PATTERN, todayUtc } from './observer.rules';

/** Columns of an observers file, by our snake_case names (DESIGN.md, "CSV import"). */
export const OBSERVER_CSV_FIELDS = [
  'full_name',
  'role',
  'nationality',
  'gender',
  'languages',
  'seconding_organization',
  'team',
  'accreditation_status',
  'accreditation_number',
  'accredited_at',
  'email',
  'phone',
  'document_number',
  'date_of_birth',
] as const;
export type ObserverCsvField = (typeof OBSERVER_CSV_FIELDS)[number];

/** Without these a row cannot become a new observer. */
export const FIELDS_REQUIRED_TO_CREATE = ['full_name', 'role', 'nationality'] as const;

/** The observer's own fields (not its mission, team or bookkeeping). */
type ObserverCsvColumns = Omit<Observer, keyof TrackedEntity | 'mission' | 'missionId' | 'team' | 'teamId'>;

/** null: the cell is empty (or its value was refused). */
export type ObserverCsvValues = { [K in keyof ObserverCsvColumns]?: ObserverCsvColumns[K] | null };

/**
 * One readable row. `values` holds only the fields whose column the file has (so an upsert
 * leaves the others alone); an empty cell is null there. `teamCode` is undefined when the file
 * has no team column, null when the cell is empty.
 */
export interface ObserverCsvRow {
  line: number;
  values: ObserverCsvValues;
  teamCode: string | null | undefined;
  /** Fields a new observer needs whose cell is empty or whose column is absent. */
  blankToCreate: string[];
}

const MAX_LANGUAGES = 20;
const MAX_LANGUAGE_LENGTH = 50;

function columnsFor(mode: ImportMode): CsvColumnSpec[] {
  // An upsert may carry only the columns it changes, but must say which observer each row is.
  const required = new Set<string>(mode === 'insert' ? FIELDS_REQUIRED_TO_CREATE : ['accreditation_number']);
  return OBSERVER_CSV_FIELDS.map((field) => ({ field, required: required.has(field) }));
}

/** Reads one row's cells, recording every bad cell on the sheet. */
function readRow(row: CsvRow, sheet: CsvSheet, today: string): ObserverCsvRow {
  const values: ObserverCsvValues = {};
  const has = (field: ObserverCsvField) => sheet.has(field);

  if (has('full_name')) values.fullName = row.text('full_name', { maxLength: 200 });
  if (has('role')) values.role = row.oneOf('role', OBSERVER_ROLES);
  if (has('nationality')) {
    const code = row.raw('nationality').toUpperCase();
    const valid = code !== '' && isISO31661Alpha2(code);
    if (code !== '' && !valid) {
      row.error('nationality', `"${row.raw('nationality')}" is not an ISO 3166-1 alpha-2 country code`);
    }
    values.nationality = valid ? code : null;
  }
  if (has('gender')) values.gender = row.oneOf('gender', GENDERS);
  if (has('languages')) {
    const languages = row.list('languages', ';');
    if (languages.length > MAX_LANGUAGES) {
      row.error('languages', `lists ${languages.length} languages; at most ${MAX_LANGUAGES}`);
    } else if (languages.some((l) => l.length > MAX_LANGUAGE_LENGTH)) {
      row.error('languages', `a language may be at most ${MAX_LANGUAGE_LENGTH} characters`);
    }
    values.languages = languages;
  }
  if (has('seconding_organization')) {
    values.secondingOrganization = row.text('seconding_organization', { maxLength: 200 });
  }
  if (has('accreditation_status')) {
    values.accreditationStatus = row.oneOf('accreditation_status', ACCREDITATION_STATUSES);
  }
  if (has('accreditation_number')) {
    values.accreditationNumber = row.text('accreditation_number', { maxLength: 64 });
  }
  if (has('accredited_at')) values.accreditedAt = row.date('accredited_at');
  if (has('email')) {
    const email = row.text('email', { maxLength: 320 });
    if (email !== null && !isEmail(email)) row.error('email', `"${email}" is not an e-mail address`);
    values.email = email;
  }
  if (has('phone')) {
    const phone = row.text('phone', { maxLength: 64 });
    if (phone !== null && !PHONE_PATTERN.test(phone)) {
      row.error('phone', `"${phone}" is not a phone number (digits, spaces, ( ) . / - and a leading +)`);
    }
    values.phone = phone;
  }
  if (has('document_number')) values.documentNumber = row.text('document_number', { maxLength: 64 });
  if (has('date_of_birth')) {
    const born = row.date('date_of_birth');
    if (born !== null && !isPastCalendarDate(born, today)) {
      row.error('date_of_birth', `${born} is not a date in the past`);
    }
    values.dateOfBirth = born;
  }
  const teamCode = has('team') ? row.text('team', { maxLength: 64 }) : undefined;
  const blankToCreate = FIELDS_REQUIRED_TO_CREATE.filter((field) => row.raw(field) === '');
  return { line: row.line, values, teamCode, blankToCreate };
}

/** Records an error for each field a new observer needs and the row leaves empty. */
export function requireCreateFields(sheet: CsvSheet, row: ObserverCsvRow): void {
  for (const field of row.blankToCreate) {
    sheet.errors.add(row.line, sheet.columnOf(field), 'is required for a new observer');
  }
}

/**
 * Reads an observers file: every cell checked, every bad one recorded on `sheet.errors` with
 * its line and column. Checks that need the database (team codes, existing accreditation
 * numbers, the host country) are the caller's. Throws a 400 only for a file that cannot be read
 * at all (bad `?columns=`, missing columns, not CSV).
 */
export function readObserverCsv(
  text: string,
  options: { mapping?: string; mode: ImportMode; today?: string },
): { sheet: CsvSheet; rows: ObserverCsvRow[] } {
  const sheet = readCsv(text, { columns: columnsFor(options.mode), mapping: options.mapping });
  const today = options.today ?? todayUtc();
  const rows: ObserverCsvRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const csvRow of sheet.rows) {
    const row = readRow(csvRow, sheet, today);
    const number = row.values.accreditationNumber;
    if (number) {
      const first = firstLineOf.get(number);
      if (first !== undefined) csvRow.error('accreditation_number', `"${number}" repeats line ${first}`);
      else firstLineOf.set(number, row.line);
    }
    if (options.mode === 'insert') requireCreateFields(sheet, row);
    rows.push(row);
  }
  return { sheet, rows };
}
