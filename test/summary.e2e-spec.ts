import { DatabaseWriter } from '../src/database/database-writer.service';
import { Observer } from '../src/observers/entities/observer.entity';
import { createTestApp, TestApp } from './app';
import { insertSummaryFixture, PERSONAL, SummaryFixture } from './fixtures/summary-fixture';

/**
 * Every expected number below was worked out by hand from the fixture's comments
 * (test/fixtures/summary-fixture.ts), not computed by the code under test.
 */
describe('Mission summary (e2e)', () => {
  let t: TestApp;
  let f: SummaryFixture;
  const url = () => `/api/v1/missions/${f.missionId}/summary`;

  beforeAll(async () => {
    t = await createTestApp();
    f = await insertSummaryFixture(t.dataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers every section with the hand-computed figures', async () => {
    const { body: s } = await t
      .http()
      .get(url())
      .expect(200)
      .expect('Content-Type', /application\/json/);

    expect(s.mission).toEqual({
      id: f.missionId,
      name: 'Fixture <Mission> & Co',
      organization: 'TURKPA',
      hostCountry: 'AZ',
      electionName: 'Presidential election',
      electionDate: '2024-02-07',
      timezone: 'Asia/Baku',
      status: 'active',
    });
    expect(s.observers).toEqual({
      total: 5,
      byRole: { head_of_mission: 1, sto: 2, lto: 1, interpreter: 1 },
      byNationality: { TR: 2, KZ: 2, AZ: 1 },
      byGender: { female: 2, male: 2, undisclosed: 1 },
      byAccreditation: { accredited: 3, pending: 1, rejected: 1 },
      teams: 2,
    });
    expect(s.stations).toEqual({
      total: 7,
      registeredVoters: 4000,
      byRegion: { Baku: 3, Ganja: 2, Lankaran: 1, unspecified: 1 },
      byType: { regular: 5, special: 1, military: 1 },
      byTag: { urban: 2, webcam: 2, rural: 1 },
    });

    // Coverage: S1 visited twice at opening counts once.
    expect(s.coverage.opening.observedStations).toBe(4);
    expect(s.coverage.opening.share).toBeCloseTo(4 / 7, 10);
    expect(s.coverage.opening.byRegion).toEqual({
      Baku: { observed: 2, total: 3 },
      Ganja: { observed: 1, total: 2 },
      Lankaran: { observed: 1, total: 1 },
      unspecified: { observed: 0, total: 1 },
    });
    expect(s.coverage.voting.observedStations).toBe(5);
    expect(s.coverage.voting.share).toBeCloseTo(5 / 7, 10);
    expect(s.coverage.voting.byRegion).toEqual({
      Baku: { observed: 2, total: 3 },
      Ganja: { observed: 2, total: 2 },
      Lankaran: { observed: 0, total: 1 },
      unspecified: { observed: 1, total: 1 },
    });
    expect(s.coverage.closing).toMatchObject({ observedStations: 1 });
    expect(s.coverage.closing.share).toBeCloseTo(1 / 7, 10);
    expect(s.coverage.counting).toMatchObject({ observedStations: 0, share: 0 });
    expect(s.coverage.tabulation.byRegion.Baku).toEqual({ observed: 0, total: 3 });

    // Assessments: not applicable and unrated reports are out of `rated`.
    expect(s.assessments.opening).toEqual({
      reports: 5,
      rated: 4,
      negative: 2,
      negativeShare: 0.5,
      questions: {
        // Not answered (null, empty, "n/a") leaves the denominator, even when flagged negative.
        boxSealed: { answered: 4, negative: 2, negativeShare: 0.5 },
        secrecy: { answered: 2, negative: 1, negativeShare: 0.5 },
      },
    });
    expect(s.assessments.voting).toMatchObject({ reports: 7, rated: 6, negative: 2 });
    expect(s.assessments.voting.negativeShare).toBeCloseTo(2 / 6, 10);
    expect(s.assessments.voting.questions).toEqual({ queue: { answered: 2, negative: 1, negativeShare: 0.5 } });
    expect(s.assessments.closing).toEqual({ reports: 2, rated: 2, negative: 1, negativeShare: 0.5, questions: {} });
    expect(s.assessments.counting).toEqual({ reports: 0, rated: 0, negative: 0, negativeShare: null, questions: {} });

    expect(s.incidents).toEqual({
      total: 4,
      byCategory: { intimidation: 2, vote_buying: 1, ballot_stuffing: 1 },
      bySeverity: { high: 1, medium: 1, low: 1, critical: 1 },
      byStatus: { verified: 1, reported: 2, escalated: 1 },
      byRegion: { Baku: 1, Ganja: 1, unspecified: 2 },
    });

    // Latest count per station: S1 550 (not 300), S2 700, S3 120, S4 600 (the later visit has
    // none), S7 100; S5 has no registered voters and is left out.
    expect(s.turnout).toMatchObject({ stationsReporting: 5, votersVoted: 2070, registeredVoters: 3500 });
    expect(s.turnout.share).toBeCloseTo(2070 / 3500, 10);

    expect(s.timeline).toEqual([
      { occurredAt: '2024-02-03T19:00:00.000Z', type: 'press_conference', title: 'Arrival press conference' },
      { occurredAt: '2024-02-05T08:00:00.000Z', type: 'meeting', title: 'Meeting with the CEC' },
      { occurredAt: '2024-02-06T06:00:00.000Z', type: 'briefing', title: 'Observer briefing <b>day 1</b>' },
      { occurredAt: '2024-02-08T10:00:00.000Z', type: 'statement', title: '=cmd|preliminary statement' },
    ]);

    expect(s.dataQuality).toEqual({
      deploymentsWithoutReport: 2,
      stationsWithConflictingAssessments: 2,
      eventsOutsideMissionPeriod: 2,
      // 14 visits and 4 incidents, none reviewed yet.
      unreviewedReports: 18,
      // The fixture's rows are written below the API, so no check has flagged them (test/quality-checks.e2e-spec.ts).
      checks: expect.any(Array),
    });
    expect(Object.keys(s)).toEqual([
      'mission',
      'observers',
      'stations',
      'coverage',
      'assessments',
      'incidents',
      'turnout',
      'timeline',
      'review',
      'dataQuality',
    ]);
    expect(s.review).toEqual({ rule: 'not_rejected', reportsLeftOut: 0 });
  });

  it('filters by region: stations, coverage, assessments, incidents, turnout and data quality', async () => {
    const { body: s } = await t.http().get(url()).query({ region: 'Baku' }).expect(200);
    expect(s.observers.total).toBe(5);
    expect(s.stations).toEqual({
      total: 3,
      registeredVoters: 2000,
      byRegion: { Baku: 3 },
      byType: { regular: 2, special: 1 },
      byTag: { urban: 2, webcam: 1 },
    });
    expect(s.coverage.opening).toEqual({
      observedStations: 2,
      share: 2 / 3,
      byRegion: { Baku: { observed: 2, total: 3 } },
    });
    expect(s.coverage.voting.observedStations).toBe(2);
    expect(s.coverage.closing.observedStations).toBe(1);
    expect(s.assessments.opening).toMatchObject({ reports: 3, rated: 3, negative: 1 });
    expect(s.assessments.opening.questions).toEqual({
      boxSealed: { answered: 3, negative: 2, negativeShare: 2 / 3 },
      secrecy: { answered: 2, negative: 1, negativeShare: 0.5 },
    });
    expect(s.assessments.voting).toMatchObject({ reports: 3, rated: 3, negative: 1 });
    expect(s.incidents).toEqual({
      total: 1,
      byCategory: { intimidation: 1 },
      bySeverity: { high: 1 },
      byStatus: { verified: 1 },
      byRegion: { Baku: 1 },
    });
    expect(s.turnout).toMatchObject({ stationsReporting: 3, votersVoted: 1370, registeredVoters: 2000 });
    expect(s.turnout.share).toBeCloseTo(0.685, 10);
    expect(s.timeline).toHaveLength(4);
    expect(s.dataQuality).toEqual({
      deploymentsWithoutReport: 1,
      stationsWithConflictingAssessments: 2,
      eventsOutsideMissionPeriod: 0,
      // Baku (S1-S3): 8 visits and the S1 incident.
      unreviewedReports: 9,
      // The fixture's rows are written below the API, so no check has flagged them (test/quality-checks.e2e-spec.ts).
      checks: expect.any(Array),
    });
  });

  it('filters by time: from and to are inclusive instants', async () => {
    const { body: s } = await t
      .http()
      .get(url())
      .query({ from: '2024-02-07T04:00:00+04:00', to: '2024-02-07T12:00:00Z' })
      .expect(200);
    expect(s.coverage.opening.observedStations).toBe(4);
    expect(s.assessments.opening).toMatchObject({ reports: 5, rated: 4, negative: 2 });
    expect(s.coverage.voting.observedStations).toBe(4);
    expect(s.assessments.voting).toMatchObject({ reports: 5, rated: 5, negative: 2, negativeShare: 0.4 });
    expect(s.assessments.closing).toMatchObject({ reports: 0, rated: 0, negativeShare: null });
    expect(s.turnout).toMatchObject({ stationsReporting: 3, votersVoted: 1270, registeredVoters: 2400 });
    expect(s.incidents.total).toBe(2);
    expect(s.timeline).toEqual([]);
    expect(s.dataQuality).toEqual({
      deploymentsWithoutReport: 2,
      stationsWithConflictingAssessments: 1,
      eventsOutsideMissionPeriod: 0,
      // 00:00Z-12:00Z: 10 visits and 2 incidents.
      unreviewedReports: 12,
      // The fixture's rows are written below the API, so no check has flagged them (test/quality-checks.e2e-spec.ts).
      checks: expect.any(Array),
    });
  });

  it('renders Markdown with headings, tables and one-decimal percentages', async () => {
    const res = await t.http().get(url()).query({ format: 'md' }).expect(200);
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="mission-${f.missionId}-summary.md"`);
    expect(res.text).toContain('# Mission summary: Fixture &lt;Mission&gt; &amp; Co');
    expect(res.text).toContain('| Opening | 4 | 57.1% |');
    expect(res.text).toContain('| Voting | 7 | 6 | 2 | 33.3% |');
    expect(res.text).toContain('| boxSealed | 4 | 2 | 50.0% |');
    expect(res.text).toContain('2,070 voters had voted out of 3,500 registered (59.1%)');
  });

  it('renders CSV: one titled table per section, formula cells neutralised', async () => {
    const res = await t.http().get(url()).query({ format: 'csv' }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="mission-${f.missionId}-summary.csv"`);
    const blocks = res.text.trimEnd().split('\r\n\r\n');
    expect(blocks.map((b) => b.split('\r\n')[0])).toEqual([
      'Mission',
      'Observers',
      'Stations',
      'Coverage',
      'Assessments',
      'Assessment questions',
      'Incidents',
      'Turnout',
      'Timeline',
      'Review',
      'Data quality',
      'Quality checks',
    ]);
    expect(res.text).toContain("2024-02-08T10:00:00.000Z,statement,'=cmd|preliminary statement");
    expect(res.text).toContain('opening,boxSealed,4,2,0.5');
    expect(res.text).toContain('name,Fixture <Mission> & Co');
  });

  it('renders one self-contained, escaped HTML page', async () => {
    const res = await t.http().get(url()).query({ format: 'html' }).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('Observer briefing &lt;b&gt;day 1&lt;/b&gt;');
    expect(res.text).not.toContain('<b>day 1');
    expect(res.text).not.toMatch(/<script|<link rel="stylesheet"|src="http|href="http/);
    for (const id of ['chart-negative-share', 'chart-coverage-region', 'chart-incidents-category', 'map-stations']) {
      expect(res.text).toContain(`data-testid="${id}"`);
    }
    // S1 to S6 have coordinates and each was visited at some stage; S7 has none and is not drawn.
    expect(res.text).toContain('Observed (6)');
    expect(res.text).toContain('Not observed (0)');
  });

  it('never shows personal data, in any format', async () => {
    for (const format of ['json', 'md', 'csv', 'html']) {
      const res = await t.http().get(url()).query({ format }).expect(200);
      for (const value of Object.values(PERSONAL)) expect(res.text).not.toContain(value);
    }
  });

  it.each([
    [{ format: 'pdf' }, 'format'],
    [{ from: 'yesterday' }, 'from'],
    [{ to: '2024-02-07T10:00' }, 'to'],
    [{ from: '2024-02-08T00:00:00Z', to: '2024-02-07T00:00:00Z' }, 'to'],
    [{ region: '' }, 'region'],
    [{ colour: 'red' }, 'colour'],
  ])('refuses %j with 400 naming %s', async (query, field) => {
    const res = await t.http().get(url()).query(query).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  it('answers 404 for a mission that does not exist and 400 for a bad id', async () => {
    await t.http().get('/api/v1/missions/999999/summary').expect(404);
    await t.http().get('/api/v1/missions/abc/summary').expect(400);
  });

  it('reads beside an open write transaction without waiting for it or seeing its rows', async () => {
    let release!: () => void;
    let started!: () => void;
    const isOpen = new Promise<void>((resolve) => (started = resolve));
    const write = t.app.get(DatabaseWriter).transaction(async (em) => {
      await em.save(
        em.create(Observer, { missionId: f.missionId, fullName: 'Uncommitted', role: 'sto', nationality: 'TR' }),
      );
      started();
      await new Promise<void>((resolve) => (release = resolve));
      throw new Error('rolled back on purpose');
    });
    await isOpen;
    try {
      const { body: s } = await t.http().get(url()).expect(200);
      expect(s.observers.total).toBe(5);
    } finally {
      release();
      await expect(write).rejects.toThrow('rolled back on purpose');
    }
  });

  it('keeps missions apart: the other mission sees only its own rows', async () => {
    const { body: s } = await t.http().get(`/api/v1/missions/${f.otherMissionId}/summary`).expect(200);
    expect(s.observers.total).toBe(1);
    expect(s.stations.total).toBe(1);
    expect(s.coverage.opening.observedStations).toBe(1);
    expect(s.assessments.opening).toMatchObject({ reports: 1, rated: 1, negative: 1 });
    expect(s.turnout).toMatchObject({ stationsReporting: 1, votersVoted: 10, registeredVoters: 999 });
    expect(s.timeline).toHaveLength(1);
    expect(s.dataQuality.deploymentsWithoutReport).toBe(1);
  });
});
