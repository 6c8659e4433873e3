import { ACCESS_POLICY, roleMay } from './access-policy';

describe('ACCESS_POLICY', () => {
  it('lets an admin do every action', () => {
    for (const action of Object.keys(ACCESS_POLICY) as (keyof typeof ACCESS_POLICY)[]) {
      expect(roleMay('admin', action)).toBe(true);
    }
  });

  it('lets analysts and observers write nothing but observers their own reports', () => {
    const writes = (Object.keys(ACCESS_POLICY) as (keyof typeof ACCESS_POLICY)[]).filter((a) => !a.endsWith('.read'));
    expect(writes.filter((a) => roleMay('analyst', a))).toEqual([]);
    expect(writes.filter((a) => roleMay('observer', a))).toEqual(['events.write']);
  });

  it('keeps observers away from observer records, summaries and the audit log', () => {
    expect(roleMay('observer', 'observers.read')).toBe(false);
    expect(roleMay('observer', 'summary.read')).toBe(false);
    expect(roleMay('analyst', 'audit.read')).toBe(false);
  });
});
