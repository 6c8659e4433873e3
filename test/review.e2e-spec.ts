import { createTestApp, CreatedUser, TestApp } from './app';
import { insertObserver, insertStation } from './factories/event.factory';
import { createMission } from './factories/mission.factory';

interface Question {
  code: string;
  type: string;
  negativeAnswers: string[];
}

/**
 * Review of reports: a coordinator's decision is stored, audited and shown to the observer who
 * made the report, and the summary counts only what survived review.
 */
describe('Review of reports (e2e)', () => {
  let t: TestApp;
  let m: number;
  let coordinator: CreatedUser;
  let analyst: CreatedUser;
  let observer: CreatedUser;
  let otherObserver: CreatedUser;
  let stationA: number;
  let stationB: number;
  let yesNo: Question;
  const events = () => `/api/v1/missions/${m}/events`;
  const summary = (query: Record<string, string> = {}) =>
    t.http().get(`/api/v1/missions/${m}/summary`).query(query).expect(200);

  beforeAll(async () => {
    t = await createTestApp();
    m = await createMission(t, { name: 'Review' });
    stationA = (await insertStation(t.dataSource, m, { region: 'North', registeredVoters: 1000 })).id;
    stationB = (await insertStation(t.dataSource, m, { region: 'South', registeredVoters: 800 })).id;
    const me = await insertObserver(t.dataSource, m);
    const other = await insertObserver(t.dataSource, m);
    coordinator = await t.createUser('coordinator', { missionIds: [m] });
    analyst = await t.createUser('analyst', { missionIds: [m] });
    observer = await t.createUser('observer', { missionIds: [m], observerId: me.id });
    otherObserver = await t.createUser('observer', { missionIds: [m], observerId: other.id });
    const opening = await t.http().get(`/api/v1/missions/${m}/checklists/opening`).expect(200);
    yesNo = (opening.body.questions as Question[]).find((q) => q.type === 'yes_no' && q.negativeAnswers.length)!;
  });
  afterAll(async () => {
    await t.close();
  });

  const visit = (token: string, stationId: number, assessment: string, votersVoted: number, negative: boolean) =>
    t
      .as(token)
      .post(events())
      .send({
        type: 'station_visit',
        title: 'Opening visit',
        occurredAt: '2024-02-07T08:00:00+04:00',
        pollingStationId: stationId,
        stage: 'opening',
        overallAssessment: assessment,
        votersVoted,
        answers: {
          [yesNo.code]: negative ? yesNo.negativeAnswers[0] : yesNo.negativeAnswers[0] === 'no' ? 'yes' : 'no',
        },
      })
      .expect(201);
  const review = (id: number, body: object, token = coordinator.token) =>
    t.as(token).post(`${events()}/${id}/review`).send(body);

  it('leaves a rejected report out of every figure, brings it back when restored, and counts it with review=all', async () => {
    await visit(observer.token, stationA, 'good', 100, false);
    const bad = (await visit(observer.token, stationB, 'very_bad', 700, true)).body;
    await t.http().post(events()).send({
      type: 'incident',
      title: 'Crowd at the door',
      occurredAt: '2024-02-07T09:00:00+04:00',
      pollingStationId: stationB,
      category: 'intimidation',
      severity: 'high',
    });
    const before = (await summary()).body;
    expect(before.coverage.opening.observedStations).toBe(2);
    expect(before.assessments.opening).toMatchObject({ reports: 2, rated: 2, negative: 1 });
    expect(before.assessments.opening.questions[yesNo.code]).toEqual({ answered: 2, negative: 1, negativeShare: 0.5 });
    expect(before.turnout).toMatchObject({ stationsReporting: 2, votersVoted: 800 });
    expect(before.review).toEqual({ rule: 'not_rejected', reportsLeftOut: 0 });

    const rejected = await review(bad.id, {
      state: 'rejected',
      note: 'Numbers from another station',
      version: bad.version,
    }).expect(200);
    expect(rejected.body).toMatchObject({ reviewState: 'rejected', reviewNote: 'Numbers from another station' });
    expect(rejected.body.version).toBe(bad.version + 1);
    expect((await t.http().get(`${events()}/${bad.id}`)).body).toEqual(rejected.body);

    const after = (await summary()).body;
    expect(after.coverage.opening.observedStations).toBe(1);
    expect(after.coverage.opening.byRegion.South.observed).toBe(0);
    expect(after.assessments.opening).toMatchObject({ reports: 1, rated: 1, negative: 0 });
    expect(after.assessments.opening.questions[yesNo.code]).toEqual({ answered: 1, negative: 0, negativeShare: 0 });
    expect(after.turnout).toMatchObject({ stationsReporting: 1, votersVoted: 100 });
    expect(after.incidents.total).toBe(1);
    expect(after.review).toEqual({ rule: 'not_rejected', reportsLeftOut: 1 });
    // Figures from filtered queries (a region) leave it out too.
    const south = (await summary({ region: 'South' })).body;
    expect(south.assessments.opening.reports).toBe(0);
    expect(south.assessments.opening.questions).toEqual({});
    expect(south.review.reportsLeftOut).toBe(1);

    const all = (await summary({ review: 'all' })).body;
    expect(all.assessments.opening).toEqual(before.assessments.opening);
    expect(all.review).toEqual({ rule: 'all', reportsLeftOut: 0 });

    const md = await t.http().get(`/api/v1/missions/${m}/summary`).query({ format: 'md' }).expect(200);
    expect(md.text).toContain('Reports counted: all but rejected ones (1 report rejected left out).');

    await review(bad.id, {
      state: 'unreviewed',
      note: 'Restored: the numbers were checked',
      version: rejected.body.version,
    }).expect(200);
    const restored = (await summary()).body;
    expect({ ...restored, review: undefined }).toEqual({ ...before, review: undefined });
    expect(restored.review.reportsLeftOut).toBe(0);
  });

  it('counts accepted reports only with review=accepted, and says how many it left out', async () => {
    const { body: listed } = await t.http().get(events()).query({ type: 'station_visit' }).expect(200);
    const first = listed.items[0];
    await review(first.id, { state: 'accepted', version: first.version }).expect(200);
    const accepted = (await summary({ review: 'accepted' })).body;
    expect(accepted.assessments.opening.reports).toBe(1);
    expect(accepted.incidents.total).toBe(0);
    // The other visit and the incident.
    expect(accepted.review).toEqual({ rule: 'accepted', reportsLeftOut: 2 });
    expect(accepted.dataQuality.unreviewedReports).toBe(2);
    const html = await t
      .http()
      .get(`/api/v1/missions/${m}/summary`)
      .query({ format: 'html', review: 'accepted' })
      .expect(200);
    expect(html.text).toContain('Reports counted: accepted ones only (2 reports not accepted left out).');
    const accepted2 = await t.http().get(events()).query({ reviewState: 'accepted' }).expect(200);
    expect(accepted2.body.items.map((e: { id: number }) => e.id)).toEqual([first.id]);
  });

  it('records every decision in the audit log', async () => {
    const { body: audit } = await t
      .http()
      .get(`/api/v1/missions/${m}/audit`)
      .query({ entityType: 'event' })
      .expect(200);
    type Entry = { action: string; changes: { before: Record<string, unknown>; after: Record<string, unknown> } };
    const decisions = (audit.items as Entry[])
      .filter((a) => a.action === 'update' && a.changes.after?.reviewState)
      .map((a) => [a.changes.before.reviewState, a.changes.after.reviewState]);
    expect(decisions).toEqual([
      ['unreviewed', 'accepted'],
      ['rejected', 'unreviewed'],
      ['unreviewed', 'rejected'],
    ]);
  });

  it('refuses a flag or a rejection without a note, a meeting, a stale version, analysts and observers', async () => {
    const own = (await visit(observer.token, stationA, 'good', 50, false)).body;
    for (const state of ['rejected', 'flagged']) {
      const res = await review(own.id, { state }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'note', message: expect.stringContaining('with a note') }]);
    }
    await review(own.id, { state: 'sideways', note: 'x' }).expect(400);
    const meeting = await t
      .http()
      .post(events())
      .send({ type: 'meeting', title: 'CEC', occurredAt: '2024-02-06T11:00:00+04:00' })
      .expect(201);
    const notReport = await review(meeting.body.id, { state: 'accepted' }).expect(400);
    expect(notReport.body.message).toContain('only reports');
    await review(own.id, { state: 'accepted', version: own.version + 1 }).expect(409);
    await review(own.id, { state: 'accepted' }, analyst.token).expect(403);
    await review(own.id, { state: 'accepted' }, observer.token).expect(403);
    const stored = await t.http().get(`${events()}/${own.id}`).expect(200);
    expect(stored.body.reviewState).toBe('unreviewed');
    expect(stored.body.version).toBe(own.version);
  });

  it('shows observers the state and note of their own reports only; an edit sends a report back to unreviewed, an accepted one stays', async () => {
    const own = (await visit(observer.token, stationA, 'bad', 60, true)).body;
    const flagged = await review(own.id, { state: 'flagged', note: 'Which box was not sealed?' }).expect(200);
    const seen = await t.as(observer.token).get(`${events()}/${own.id}`).expect(200);
    expect(seen.body).toMatchObject({ reviewState: 'flagged', reviewNote: 'Which box was not sealed?' });
    await t.as(otherObserver.token).get(`${events()}/${own.id}`).expect(404);
    const flaggedMine = await t.as(observer.token).get(events()).query({ reviewState: 'flagged' }).expect(200);
    expect(flaggedMine.body.items.map((e: { id: number }) => e.id)).toEqual([own.id]);
    const theirs = await t.as(otherObserver.token).get(events()).query({ reviewState: 'flagged' }).expect(200);
    expect(theirs.body.total).toBe(0);

    const edited = await t
      .as(observer.token)
      .patch(`${events()}/${own.id}`)
      .send({ description: 'The second ballot box', version: flagged.body.version })
      .expect(200);
    expect(edited.body).toMatchObject({ reviewState: 'unreviewed', reviewNote: 'Which box was not sealed?' });

    const accepted = await review(own.id, { state: 'accepted', version: edited.body.version }).expect(200);
    const refused = await t
      .as(observer.token)
      .patch(`${events()}/${own.id}`)
      .send({ description: 'Changed after acceptance', version: accepted.body.version })
      .expect(409);
    expect(refused.body.message).toContain('accepted by review');
    // A coordinator may still correct it; the report is then reviewed again.
    const corrected = await t
      .as(coordinator.token)
      .patch(`${events()}/${own.id}`)
      .send({ votersVoted: 61, version: accepted.body.version })
      .expect(200);
    expect(corrected.body.reviewState).toBe('unreviewed');
  });
});
