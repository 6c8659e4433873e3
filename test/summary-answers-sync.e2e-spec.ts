import { EventAnswer } from '../src/election-events/entities/event-answer.entity';
import { createTestApp, TestApp } from './app';
import { insertStation } from './factories/event.factory';
import { missionBody } from './factories/mission.factory';

/** The same question at two stages, so a visit can move from one to the other keeping its answer. */
const checklist = {
  questions: [{ code: 'box_sealed', text: 'Was the box sealed?', type: 'yes_no', negativeAnswers: ['no'] }],
};

/**
 * Answer rows carry their visit's stage (the summary counts them per stage without a join), so
 * every write that changes a visit's stage or answers must keep that copy right.
 */
describe('Summary per-question figures follow visit edits (e2e)', () => {
  let t: TestApp;
  let missionId: number;
  let stationId: number;
  const summary = async () =>
    (await t.http().get(`/api/v1/missions/${missionId}/summary`).expect(200)).body.assessments;

  beforeAll(async () => {
    t = await createTestApp();
    missionId = (await t.http().post('/api/v1/missions').send(missionBody()).expect(201)).body.id;
    stationId = (await insertStation(t.dataSource, missionId, { registeredVoters: 500 })).id;
    for (const stage of ['voting', 'closing']) {
      await t.http().put(`/api/v1/missions/${missionId}/checklists/${stage}`).send(checklist).expect(200);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('moves the answers to the new stage when a PATCH changes the stage, and recounts replaced answers', async () => {
    const created = await t
      .http()
      .post(`/api/v1/missions/${missionId}/events`)
      .send({
        type: 'station_visit',
        occurredAt: '2024-02-07T10:00:00Z',
        title: 'Visit',
        pollingStationId: stationId,
        stage: 'voting',
        overallAssessment: 'bad',
        answers: { box_sealed: 'no' },
      })
      .expect(201);
    const eventId = created.body.id;
    let assessments = await summary();
    expect(assessments.voting.questions).toEqual({ box_sealed: { answered: 1, negative: 1, negativeShare: 1 } });
    expect(assessments.closing.questions).toEqual({});

    await t
      .http()
      .patch(`/api/v1/missions/${missionId}/events/${eventId}`)
      .send({ stage: 'closing', version: created.body.version })
      .expect(200);
    const rows = await t.dataSource.getRepository(EventAnswer).findBy({ eventId });
    expect(rows.map((r) => [r.questionCode, r.stage])).toEqual([['box_sealed', 'closing']]);
    assessments = await summary();
    expect(assessments.voting.questions).toEqual({});
    expect(assessments.voting.reports).toBe(0);
    expect(assessments.closing.questions).toEqual({ box_sealed: { answered: 1, negative: 1, negativeShare: 1 } });
    expect(assessments.closing.reports).toBe(1);

    await t
      .http()
      .patch(`/api/v1/missions/${missionId}/events/${eventId}`)
      .send({ answers: { box_sealed: 'yes' } })
      .expect(200);
    assessments = await summary();
    expect(assessments.closing.questions).toEqual({ box_sealed: { answered: 1, negative: 0, negativeShare: 0 } });
  });
});
