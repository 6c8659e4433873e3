import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvText } from '../common/csv';
import { EventsImportQueryDto } from '../election-events/dto/events-import.dto';
import { Mission } from '../missions/entities/mission.entity';
import { wallClockInZone } from '../common/mission-time';

/**
 * The second sample mission: real data of Albania's parliamentary elections of 25 June 2017 (see
 * data/samples/albania-2017/README.md). The CEC's 5,362 polling stations and the 524 opening
 * checklists of the Coalition of Domestic Observers (CDO) go through the two CSV imports, with the
 * column and value mappings a user would give them; this file only says what those are, and adds
 * the two things the imports cannot read from the checklists themselves: each report's station
 * code and its time.
 */

export const ALBANIA_2017_MISSION = {
  name: "Albania 2017 parliamentary elections: domestic observers' opening reports (real data, CDO)",
  organization: 'Coalition of Domestic Observers (CDO)',
  kind: 'citizen_observation',
  hostCountry: 'AL',
  electionName: 'Parliamentary elections',
  electionType: 'parliamentary',
  electionDate: '2017-06-25',
  // The data covers election day alone.
  startDate: '2017-06-25',
  endDate: '2017-06-25',
  timezone: 'Europe/Tirane',
  // Past the election and being written up: every reader may read the summary, nothing is closed.
  status: 'reporting',
} as const satisfies Partial<Mission>;

/**
 * The CEC list's columns for the station import: qvKod is the station code (unique nationwide),
 * zaz the election administration zone (our constituency), qarku the county (our region, which
 * the summary breaks coverage down by), bashkia the municipality (district).
 */
export const ALBANIA_STATION_COLUMNS =
  'constituency:zaz,code:qvKod,name:vendndodhja,address:njesiaAdministrative,region:qarku,district:bashkia,registered_voters:zgjedhes';

/** The checklist's columns, mapped to the questions of the default opening checklist. */
export const ALBANIA_OPENING_QUESTIONS: Readonly<Record<string, string>> = {
  opened_on_time: 'openTime',
  premises_type: 'pubPriv',
  commission_members_present: 'numKommish',
  voters_on_list: 'votersList',
  ballots_received: 'ballotPapers',
  secrecy_ensured: 'secrecyOpen',
  freedom_of_movement: 'movementOpen',
  campaign_material_removed_inside: 'removeMatInside',
  campaign_material_removed_outside: 'removeMatOutside',
  all_materials_present: 'centerMat',
  ballot_box_shown_empty: 'boxChecked',
  ballot_box_sealed: 'boxSealed',
  seal_numbers_recorded: 'recordBox',
  opening_protocol_completed: 'pvComplete',
  equipped_for_blind_voters: 'blindTools',
  accessible_for_disabled_voters: 'disabledTools',
};

/**
 * The checklist's words, in our values: answers, building, assessment, and the opening band as
 * the answer to "opened on time?" (07:00 is on time, every later band is late).
 */
export const ALBANIA_VALUES: Readonly<Record<string, string>> = {
  po: 'yes',
  jo: 'no',
  pjeserisht: 'partial',
  'n/a': '',
  na: '',
  pub: 'public',
  priv: 'private',
  '7_00': 'yes',
  '7-730': 'no',
  '730-8': 'no',
  '8-830': 'no',
  shummir: 'very_good',
  mir: 'good',
  meprob: 'bad',
  shumprob: 'very_bad',
};

/** Every openTime band of the file, and the local time it starts at: a visit's time. */
export const OPENING_BANDS: Readonly<Record<string, string>> = {
  '7_00': '07:00',
  '7-730': '07:00',
  '730-8': '07:30',
  '8-830': '08:00',
};
/**
 * Three reports leave openTime unanswered (n/a). The observers were there for the opening all the
 * same (they answer the opening's other questions), so their visit is put at the legal opening time.
 */
export const UNKNOWN_BAND_TIME = '07:00';
const NOT_ANSWERED = new Set(['', 'n/a', 'na']);

/**
 * A report's station: psID is qvKod-NN. `-00` is station qvKod itself; `-NN` from 01 up is a split
 * station, which the CEC list holds as a station of its own whose code is qvKod followed by the
 * split's number (0079-01 is station 00791: same zone, its own voter list, whose size the report
 * repeats). Answers null for a psID not written that way.
 */
export function stationCodeOf(psID: string): string | null {
  const match = /^(\d{4})-(\d{2})$/.exec(psID.trim());
  if (!match) return null;
  const split = Number(match[2]);
  return split === 0 ? match[1] : `${match[1]}${split}`;
}

/** Instants by local time: a handful of times for 524 reports, each otherwise two Intl formatters. */
const instants = new Map<string, string>();

/** The instant a report's visit took place: the start of its openTime band on election day, Tirana time. */
export function visitTime(openTime: string): string | null {
  const band = openTime.trim().toLowerCase();
  const time = OPENING_BANDS[band] ?? (NOT_ANSWERED.has(band) ? UNKNOWN_BAND_TIME : null);
  if (time === null) return null;
  let instant = instants.get(time);
  if (instant === undefined) {
    const { electionDate, timezone } = ALBANIA_2017_MISSION;
    instant = wallClockInZone(electionDate, time, timezone).toISOString();
    instants.set(time, instant);
  }
  return instant;
}

/** Every field quoted: the checklists are re-written for the import with two columns more. */
const csvLine = (cells: readonly string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');

export interface Albania2017Files {
  stationsPath: string;
  stationsCsv: string;
  checklistsPath: string;
  /**
   * The checklists as they are, each row headed by the code of its station and its time: the
   * import's `station` and `occurred_at` columns. The file has one row per line and so has this
   * text, so a line number the import reports is the file's.
   */
  visitsCsv: string;
  visitsQuery: EventsImportQueryDto;
  visits: number;
}

/** Reads the two files; throws one error naming every report it cannot place or time. */
export function readAlbania2017(dir: string): Albania2017Files {
  const stationsPath = join(dir, 'stations.csv');
  const checklistsPath = join(dir, 'opening-checklists.csv');
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`Sample mission data ${path} cannot be read: ${(error as Error).message}`, { cause: error });
    }
  };
  const stationsCsv = read(stationsPath);
  const { records, lines } = parseCsvText(read(checklistsPath));
  const [header, ...rows] = records;
  const psID = header.indexOf('psID');
  const openTime = header.indexOf('openTime');
  if (psID < 0 || openTime < 0) throw new Error(`Sample mission data ${checklistsPath} has no psID or openTime column`);

  const problems: string[] = [];
  const visitLines = rows.map((row, i) => {
    const station = stationCodeOf(row[psID] ?? '');
    const occurredAt = visitTime(row[openTime] ?? '');
    if (station === null) problems.push(`line ${lines[i + 1]}: psID "${row[psID]}" is not written NNNN-NN`);
    if (occurredAt === null) {
      problems.push(
        `line ${lines[i + 1]}: openTime "${row[openTime]}" is none of ${Object.keys(OPENING_BANDS).join(', ')}, n/a`,
      );
    }
    return csvLine([station ?? '', occurredAt ?? '', ...row]);
  });
  if (problems.length) throw new Error(`Sample mission data ${checklistsPath} is invalid:\n  ${problems.join('\n  ')}`);

  return {
    stationsPath,
    stationsCsv,
    checklistsPath,
    visitsCsv: [csvLine(['station', 'occurred_at', ...header]), ...visitLines].join('\n'),
    visitsQuery: {
      columns: [
        'overall_assessment:overallOpen',
        ...Object.entries(ALBANIA_OPENING_QUESTIONS).map(([code, column]) => `${code}:${column}`),
      ].join(','),
      values: Object.entries(ALBANIA_VALUES)
        .map(([word, ours]) => `${word}:${ours}`)
        .join(','),
      // County and psID are the station's, which the import finds by its code.
      ignore: 'qarku,psID',
      stage: 'opening',
    },
    visits: rows.length,
  };
}
