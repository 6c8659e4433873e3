import { missionPeriodBounds, startOfDayInZone, wallClockInZone } from './mission-period';

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
});
