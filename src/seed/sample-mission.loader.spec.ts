import { loadSampleMission } from './sample-mission.loader';
import { defaultSamplePath } from './sample-files';

const SAMPLE = defaultSamplePath();

describe('the shipped sample mission file', () => {
  const sample = loadSampleMission(SAMPLE);
  const documented = (illustrative: unknown, field: string) =>
    illustrative !== true && !(Array.isArray(illustrative) && illustrative.includes(field));

  it('passes validation', () => {
    expect(sample.mission.organization).toBe('TURKPA');
  });

  it('marks invented observers as illustrative and keeps the host nationality out', () => {
    for (const o of sample.observers) {
      expect(o.nationality).not.toBe('AZ');
      if (o.fullName !== 'Osman Mesten') expect(o.illustrative).toBe(true);
    }
  });

  it('keeps the documented station figures', () => {
    const lachin = sample.pollingStations.filter((s) => s.constituencyCode === '121');
    expect(lachin).toHaveLength(5);
    expect(lachin.reduce((sum, s) => sum + s.registeredVoters!, 0)).toBe(6020);
    expect(sample.pollingStations).toHaveLength(26);
    const station105 = sample.pollingStations.find((s) => s.constituencyCode === '124' && s.code === '105')!;
    expect(documented(station105.illustrative, 'code')).toBe(true);
  });

  it('says where every event comes from', () => {
    for (const e of sample.events) {
      if (e.counterpart === 'Jeyhun Bayramov') expect(documented(e.illustrative, 'counterpart')).toBe(true);
      else expect(e.illustrative).toBe(true);
    }
  });
});
