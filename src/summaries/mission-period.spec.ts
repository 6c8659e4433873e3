import { missionPeriodBounds, startOfDayInZone } from './mission-period';

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
});
