import {
  localParts,
  localTimeToInstant,
  missionPeriodBounds,
  rangeEndExclusive,
  rangeEndInclusive,
  rangeStart,
  readMissionTime,
  startOfDayInZone,
  wallClockInZone,
  zoneCaption,
  zoneName,
} from './mission-time';

describe('mission period bounds', () => {
  it('starts the day at local midnight of the mission time zone', () => {
    expect(startOfDayInZone('2024-02-04', 'Asia/Baku').toISOString()).toBe('2024-02-03T20:00:00.000Z');
    expect(startOfDayInZone('2024-07-01', 'America/New_York').toISOString()).toBe('2024-07-01T04:00:00.000Z');
    expect(startOfDayInZone('2024-01-01', 'UTC').toISOString()).toBe('2024-01-01T00:00:00.000Z');
  });

  it('handles the days daylight saving time changes', () => {
    // Europe/Tirane moves to summer time at 02:00 on 31 March 2024: that day starts at UTC+1.
    expect(startOfDayInZone('2024-03-31', 'Europe/Tirane').toISOString()).toBe('2024-03-30T23:00:00.000Z');
    expect(startOfDayInZone('2024-04-01', 'Europe/Tirane').toISOString()).toBe('2024-03-31T22:00:00.000Z');
  });

  it('ends the period at the start of the day after endDate (exclusive), across a month end', () => {
    const { start, end } = missionPeriodBounds('2024-02-04', '2024-02-29', 'Asia/Baku');
    expect(start.toISOString()).toBe('2024-02-03T20:00:00.000Z');
    expect(end.toISOString()).toBe('2024-02-29T20:00:00.000Z');
  });

  it('turns a wall-clock time of the zone into its instant, summer time included', () => {
    // Albania's election day, 25 June 2017: Europe/Tirane was on summer time, UTC+2.
    expect(wallClockInZone('2017-06-25', '07:00', 'Europe/Tirane').toISOString()).toBe('2017-06-25T05:00:00.000Z');
    expect(wallClockInZone('2017-06-25', '07:30', 'Europe/Tirane').toISOString()).toBe('2017-06-25T05:30:00.000Z');
    // In winter the same zone is UTC+1.
    expect(wallClockInZone('2017-01-15', '07:00', 'Europe/Tirane').toISOString()).toBe('2017-01-15T06:00:00.000Z');
    expect(wallClockInZone('2024-02-07', '08:00', 'Asia/Baku').toISOString()).toBe('2024-02-07T04:00:00.000Z');
  });

  it('starts the day at 01:00 where the clocks skip midnight', () => {
    // America/Santiago moved to summer time at 00:00 on 8 September 2024: the day began at 01:00 (UTC-3).
    expect(startOfDayInZone('2024-09-08', 'America/Santiago').toISOString()).toBe('2024-09-08T04:00:00.000Z');
  });
});

describe('local times that the clocks skip or show twice', () => {
  it('has no instant for a time in the spring-forward gap', () => {
    // New York: 2024-03-10 02:00 EST jumped to 03:00 EDT.
    expect(localTimeToInstant('2024-03-10', '02:30', 'America/New_York')).toBeUndefined();
    expect(localTimeToInstant('2024-03-10', '01:59', 'America/New_York')!.toISOString()).toBe(
      '2024-03-10T06:59:00.000Z',
    );
    expect(localTimeToInstant('2024-03-10', '03:00', 'America/New_York')!.toISOString()).toBe(
      '2024-03-10T07:00:00.000Z',
    );
  });

  it('takes the earlier offset for a time the clocks show twice', () => {
    // New York: 2024-11-03 02:00 EDT went back to 01:00 EST, so 01:30 happened at -04:00 and again at -05:00.
    expect(localTimeToInstant('2024-11-03', '01:30', 'America/New_York')!.toISOString()).toBe(
      '2024-11-03T05:30:00.000Z',
    );
    expect(localParts('2024-11-03T05:30:00Z', 'America/New_York')).toEqual({
      date: '2024-11-03',
      time: '01:30',
      offset: '-04:00',
    });
    expect(localParts('2024-11-03T06:30:00Z', 'America/New_York')).toEqual({
      date: '2024-11-03',
      time: '01:30',
      offset: '-05:00',
    });
  });

  it('reads text with an offset as written and text without one in the zone, and refuses a skipped time', () => {
    expect(readMissionTime('2024-02-07T08:00', 'Asia/Baku')).toEqual({ instant: new Date('2024-02-07T04:00:00Z') });
    expect(readMissionTime('2024-02-07 08:00:30', 'Asia/Baku')).toEqual({ instant: new Date('2024-02-07T04:00:30Z') });
    expect(readMissionTime('2024-02-07T08:00:00+01:00', 'Asia/Baku')).toEqual({
      instant: new Date('2024-02-07T07:00:00Z'),
    });
    expect(readMissionTime('2024-03-10T02:30', 'America/New_York')).toEqual({
      error: '2024-03-10 02:30 does not exist in America/New_York: the clocks skip that hour (daylight saving)',
    });
    expect(readMissionTime('2024-02-30T08:00', 'Asia/Baku')).toHaveProperty('error');
    expect(readMissionTime('2024-02-07T24:00', 'Asia/Baku')).toHaveProperty('error');
    expect(readMissionTime('yesterday', 'Asia/Baku')).toHaveProperty('error');
  });
});

describe('date filters', () => {
  it('reads a plain date as that whole day of the zone, and an instant as written', () => {
    expect(rangeStart('2024-02-07', 'Asia/Baku').toISOString()).toBe('2024-02-06T20:00:00.000Z');
    expect(rangeEndInclusive('2024-02-07', 'Asia/Baku').toISOString()).toBe('2024-02-07T19:59:59.999Z');
    expect(rangeEndExclusive('2024-02-07', 'Asia/Baku').toISOString()).toBe('2024-02-07T20:00:00.000Z');
    expect(rangeStart('2024-02-07T08:00:00+04:00', 'America/New_York').toISOString()).toBe('2024-02-07T04:00:00.000Z');
    expect(rangeEndInclusive('2024-02-07T08:00:00Z', 'Asia/Baku').toISOString()).toBe('2024-02-07T08:00:00.000Z');
  });

  it('makes the spring-forward day 23 hours long and the fall-back day 25', () => {
    const length = (d: string) =>
      rangeEndExclusive(d, 'America/New_York').getTime() - rangeStart(d, 'America/New_York').getTime();
    expect(length('2024-03-10')).toBe(23 * 3600_000);
    expect(length('2024-11-03')).toBe(25 * 3600_000);
    expect(length('2024-11-04')).toBe(24 * 3600_000);
  });
});

describe('naming the zone', () => {
  it('names the city and the offsets the times shown use', () => {
    expect(zoneName('Asia/Baku')).toBe('Baku time');
    expect(zoneName('America/Argentina/Buenos_Aires')).toBe('Buenos Aires time');
    expect(zoneCaption('Asia/Baku', ['2024-02-06T07:00:00Z'])).toBe('Baku time, UTC+04:00');
    expect(zoneCaption('Asia/Kathmandu', ['2024-02-06T07:00:00Z'])).toBe('Kathmandu time, UTC+05:45');
    expect(zoneCaption('America/New_York', ['2024-11-02T12:00:00Z', '2024-11-04T12:00:00Z'])).toBe(
      'New York time, UTC-04:00 and UTC-05:00',
    );
    expect(zoneCaption('Etc/UTC', ['2024-02-06T07:00:00Z'])).toBe('UTC');
  });
});
