import { createTestApp, TestApp } from './app';
import { ALBANIA_QUESTIONS, loadAlbaniaOpening, readAlbaniaRows } from './fixtures/summary-albania';

/**
 * Real data: 524 opening checklists of Albania's 2017 parliamentary elections. The expected
 * figures are counted here straight from the CSV rows, independently of the SQL under test.
 */
describe('Mission summary on real data: Albania 2017 opening checklists (e2e)', () => {
  let t: TestApp;
  let missionId: number;
  const rows = readAlbaniaRows();

  beforeAll(async () => {
    t = await createTestApp();
    missionId = await loadAlbaniaOpening(t.dataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  it('matches the counts taken directly from the CSV', async () => {
    const { body: s } = await t.http().get(`/api/v1/missions/${missionId}/summary`).expect(200);
    const stations = new Set(rows.map((r) => r.psID)).size;
    const rated = rows.filter((r) => ['shummir', 'mir', 'meprob', 'shumprob'].includes(r.overallOpen)).length;
    const negative = rows.filter((r) => r.overallOpen === 'meprob' || r.overallOpen === 'shumprob').length;

    // Anchors from the data set's README, so a loader that dropped rows would show.
    expect(rows).toHaveLength(524);
    expect(negative).toBe(8);
    expect(s.stations.total).toBe(stations);
    expect(s.coverage.opening.observedStations).toBe(stations);
    expect(s.coverage.opening.share).toBe(1);
    expect(s.assessments.opening.reports).toBe(rows.length);
    expect(s.assessments.opening.rated).toBe(rated);
    expect(s.assessments.opening.negative).toBe(negative);
    expect(s.assessments.opening.negativeShare).toBeCloseTo(negative / rated, 12);

    for (const code of ALBANIA_QUESTIONS) {
      const answered = rows.filter((r) => ['po', 'jo', 'pjeserisht'].includes(r[code])).length;
      const no = rows.filter((r) => r[code] === 'jo').length;
      expect({ code, ...s.assessments.opening.questions[code] }).toEqual({
        code,
        answered,
        negative: no,
        negativeShare: no / answered,
      });
    }
    const tirane = rows.filter((r) => r.qarku === 'Tirane').length;
    expect(s.coverage.opening.byRegion.Tirane).toEqual({ observed: tirane, total: tirane });
    expect(s.assessments.voting.reports).toBe(0);
  });

  it('filters the real data by region', async () => {
    const { body: s } = await t
      .http()
      .get(`/api/v1/missions/${missionId}/summary`)
      .query({ region: 'Fier' })
      .expect(200);
    const fier = rows.filter((r) => r.qarku === 'Fier');
    expect(s.assessments.opening.reports).toBe(fier.length);
    expect(s.assessments.opening.negative).toBe(
      fier.filter((r) => ['meprob', 'shumprob'].includes(r.overallOpen)).length,
    );
    expect(s.assessments.opening.questions.blindTools.negative).toBe(fier.filter((r) => r.blindTools === 'jo').length);
  });
});
