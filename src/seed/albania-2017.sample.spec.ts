import { parseCsvText } from '../common/csv';
import { readAlbania2017, stationCodeOf, visitTime } from './albania-2017.sample';
import { ALBANIA_2017_DIR } from './sample-files';

describe('the Albanian sample: reports to visits', () => {
  it("finds a report's station: -00 is the station itself, a split is its code followed by the split's number", () => {
    expect(stationCodeOf('0079-00')).toBe('0079');
    expect(stationCodeOf('0079-01')).toBe('00791');
    expect(stationCodeOf('1372-02')).toBe('13722');
    expect(stationCodeOf('0079')).toBeNull();
    expect(stationCodeOf('0079-1')).toBeNull();
  });

  it('puts a visit at the start of its opening band on 25 June 2017, Tirana summer time (UTC+2)', () => {
    expect(visitTime('7_00')).toBe('2017-06-25T05:00:00.000Z');
    expect(visitTime('7-730')).toBe('2017-06-25T05:00:00.000Z');
    expect(visitTime('730-8')).toBe('2017-06-25T05:30:00.000Z');
    expect(visitTime('8-830')).toBe('2017-06-25T06:00:00.000Z');
    // Unanswered: the legal opening time.
    expect(visitTime('n/a')).toBe('2017-06-25T05:00:00.000Z');
    expect(visitTime('9-930')).toBeNull();
  });

  it('hands the import every report, line for line, with its station and time in front', () => {
    const files = readAlbania2017(ALBANIA_2017_DIR);
    const [header, ...rows] = parseCsvText(files.visitsCsv).records;
    expect(files.visits).toBe(524);
    expect(rows).toHaveLength(524);
    expect(header.slice(0, 4)).toEqual(['station', 'occurred_at', 'qarku', 'psID']);
    expect(rows[0].slice(0, 4)).toEqual(['0001', '2017-06-25T05:00:00.000Z', 'Shkoder', '0001-00']);
    expect(rows.find((r) => r[3] === '0079-01')![0]).toBe('00791');
  });
});
