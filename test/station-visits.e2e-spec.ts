import { Deployment } from '../src/deployments/entities/deployment.entity';
import { ElectionEvent } from '../src/election-events/entities/election-event.entity';
import { EventAnswer } from '../src/election-events/entities/event-answer.entity';
import { IdempotencyRecord } from '../src/common/idempotency/idempotency-record.entity';
import { Team } from '../src/teams/entities/team.entity';
import { createTestApp, TestApp } from './app';
import { insertObserver, insertStation } from './factories/event.factory';
import { missionBody } from './factories/mission.factory';

/** A voting checklist of the mission's own, so each question type is exercised once. */
const VOTING = {
  questions: [
    { code: 'box_sealed', text: 'Was the ballot box sealed?', type: 'yes_no', required: true, negativeAnswers: ['no'] },
    { code: 'ink_applied', text: 'Was ink applied?', type: 'yes_no', negativeAnswers: ['no'] },
    { code: 'secrecy', text: 'Was secrecy ensured?', type: 'yes_no_partial', negativeAnswers: ['no', 'partial'] },
    { code: 'queue_length', text: 'How many voters were queuing?', type: 'number' },
    { code: 'mood', text: 'Atmosphere', type: 'choice', options: ['calm', 'tense'], negativeAnswers: ['tense'] },
    { code: 'notes', text: 'Notes', type: 'text' },
  ],
};

describe('Station visits (e2e)', () => {
  let t: TestApp;
  let missionId: number;
  let stationId: number;
  let observerId: number;
  const events = (m = missionId) => `/api/v1/missions/${m}/events`;
  const visitBody = (overrides: Record<string, unknown> = {}) => ({
    type: 'station_visit',
    occurredAt: '2024-02-07T10:00:00+04:00',
    title: 'Voting at station 12',
    pollingStationId: stationId,
    stage: 'voting',
    overallAssessment: 'good',
    votersVoted: 120,
    observerIds: [observerId],
    answers: { box_sealed: 'yes', ink_applied: 'no', secrecy: 'partial', queue_length: 4, mood: 'calm' },
    ...overrides,
  });
  const countEvents = () => t.dataSource.getRepository(ElectionEvent).countBy({ missionId });
  const countAnswers = () => t.dataSource.getRepository(EventAnswer).countBy({ missionId });
  const answerRows = (eventId: number) =>
    t.dataSource.getRepository(EventAnswer).find({ where: { eventId }, order: { questionCode: 'ASC' } });

  beforeAll(async () => {
    t = await createTestApp();
    missionId = (await t.http().post('/api/v1/missions').send(missionBody()).expect(201)).body.id;
    stationId = (await insertStation(t.dataSource, missionId, { registeredVoters: 500 })).id;
    observerId = (await insertObserver(t.dataSource, missionId)).id;
    await t.http().put(`/api/v1/missions/${missionId}/checklists/voting`).send(VOTING).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('answers', () => {
    it('stores a visit with its answers as rows (text and negative flag) and answers them as { code: value }', async () => {
      const res = await t.http().post(events()).send(visitBody()).expect(201);
      expect(res.body).toMatchObject({
        type: 'station_visit',
        stage: 'voting',
        votersVoted: 120,
        answers: { box_sealed: 'yes', ink_applied: 'no', secrecy: 'partial', queue_length: '4', mood: 'calm' },
      });
      const rows = await answerRows(res.body.id);
      expect(rows.map((r) => [r.questionCode, r.value, r.negative, r.questionText])).toEqual([
        ['box_sealed', 'yes', false, 'Was the ballot box sealed?'],
        ['ink_applied', 'no', true, 'Was ink applied?'],
        ['mood', 'calm', false, 'Atmosphere'],
        ['queue_length', '4', false, 'How many voters were queuing?'],
        ['secrecy', 'partial', true, 'Was secrecy ensured?'],
      ]);
      expect(rows.every((r) => r.missionId === missionId)).toBe(true);
      const got = await t.http().get(`${events()}/${res.body.id}`).expect(200);
      expect(got.body.answers).toEqual(res.body.answers);
    });

    it.each([
      ['an unknown question code', { colour: 'red' }, 'answers.colour'],
      ['a wrong type for yes/no', { box_sealed: 'maybe' }, 'answers.box_sealed'],
      ['text for a number', { queue_length: 'many' }, 'answers.queue_length'],
      ['a choice that is not an option', { mood: 'festive' }, 'answers.mood'],
      ['a missing required answer', { box_sealed: undefined }, 'answers.box_sealed'],
    ])('refuses %s with 400 naming the question and stores nothing', async (_label, change, field) => {
      const [events0, answers0] = [await countEvents(), await countAnswers()];
      const answers = { ...visitBody().answers, ...change } as Record<string, unknown>;
      for (const k of Object.keys(answers)) if (answers[k] === undefined) delete answers[k];
      const res = await t.http().post(events()).send(visitBody({ answers })).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
      expect([await countEvents(), await countAnswers()]).toEqual([events0, answers0]);
    });

    it('refuses votersVoted above the registered voters with 422 naming votersVoted, and below 0 with 400', async () => {
      const before = await countEvents();
      const res = await t
        .http()
        .post(events())
        .send(visitBody({ votersVoted: 501 }))
        .expect(422);
      expect(res.body.message).toMatch(/votersVoted: 501 exceeds the 500 registered voters/);
      const neg = await t
        .http()
        .post(events())
        .send(visitBody({ votersVoted: -1 }))
        .expect(400);
      expect(JSON.stringify(neg.body.message)).toContain('votersVoted');
      await t
        .http()
        .post(events())
        .send(visitBody({ votersVoted: 500 }))
        .expect(201);
      expect(await countEvents()).toBe(before + 1);
    });

    it('refuses a visit without stage or station (400) and a stage on which PATCH cannot keep the answers', async () => {
      await t
        .http()
        .post(events())
        .send(visitBody({ stage: undefined }))
        .expect(400);
      await t
        .http()
        .post(events())
        .send(visitBody({ pollingStationId: undefined }))
        .expect(400);
      const { body: v } = await t.http().post(events()).send(visitBody()).expect(201);
      // The opening checklist has no box_sealed question: moving the visit there is refused.
      const res = await t.http().patch(`${events()}/${v.id}`).send({ stage: 'opening' }).expect(400);
      expect(JSON.stringify(res.body.message)).toContain('answers.box_sealed');
      expect((await t.http().get(`${events()}/${v.id}`)).body.stage).toBe('voting');
    });

    it('replaces the answers on PATCH, refuses bad ones without changing anything, and checks votersVoted', async () => {
      const { body: v } = await t.http().post(events()).send(visitBody()).expect(201);
      const patched = await t
        .http()
        .patch(`${events()}/${v.id}`)
        .send({ answers: { box_sealed: 'no', notes: 'Seal broken' } })
        .expect(200);
      expect(patched.body.answers).toEqual({ box_sealed: 'no', notes: 'Seal broken' });
      expect(patched.body.version).toBe(v.version + 1);
      expect((await answerRows(v.id)).map((r) => [r.questionCode, r.negative])).toEqual([
        ['box_sealed', true],
        ['notes', false],
      ]);
      await t
        .http()
        .patch(`${events()}/${v.id}`)
        .send({ answers: { box_sealed: 'perhaps' } })
        .expect(400);
      await t.http().patch(`${events()}/${v.id}`).send({ votersVoted: 9999 }).expect(422);
      const got = (await t.http().get(`${events()}/${v.id}`)).body;
      expect(got.answers).toEqual({ box_sealed: 'no', notes: 'Seal broken' });
      expect(got.votersVoted).toBe(120);
    });

    it('keeps past answers readable with their original meaning after the template is edited', async () => {
      const { body: v } = await t.http().post(events()).send(visitBody()).expect(201);
      const edited = {
        questions: [
          // ink_applied is gone; box_sealed is reworded and "no" no longer counts as negative.
          { code: 'box_sealed', text: 'Seals intact?', type: 'yes_no', required: true, negativeAnswers: [] },
          ...VOTING.questions.filter((q) => !['box_sealed', 'ink_applied'].includes(q.code)),
        ],
      };
      await t.http().put(`/api/v1/missions/${missionId}/checklists/voting`).send(edited).expect(200);
      await t.http().patch(`${events()}/${v.id}`).send({ title: 'Renamed' }).expect(200);
      const got = (await t.http().get(`${events()}/${v.id}`).expect(200)).body;
      expect(got.answers).toMatchObject({ box_sealed: 'yes', ink_applied: 'no' });
      const rows = await answerRows(v.id);
      expect(rows.find((r) => r.questionCode === 'ink_applied')).toMatchObject({
        negative: true,
        questionText: 'Was ink applied?',
      });
      expect(rows.find((r) => r.questionCode === 'box_sealed')).toMatchObject({
        questionText: 'Was the ballot box sealed?',
      });
      // New visits follow the new template.
      const fresh = await t
        .http()
        .post(events())
        .send(visitBody({ answers: { box_sealed: 'no' } }))
        .expect(201);
      expect((await answerRows(fresh.body.id))[0]).toMatchObject({ questionText: 'Seals intact?', negative: false });
      await t.http().post(events()).send(visitBody()).expect(400); // ink_applied is no longer asked
      await t.http().put(`/api/v1/missions/${missionId}/checklists/voting`).send(VOTING).expect(200);
    });
  });

  describe('deployments', () => {
    it('marks the planned deployment of the reporter’s team at that station and stage done', async () => {
      const team = await t.dataSource.getRepository(Team).save({ missionId, code: `T-${Date.now()}` });
      const member = await insertObserver(t.dataSource, missionId, { teamId: team.id });
      const dep = await t
        .http()
        .post(`/api/v1/missions/${missionId}/deployments`)
        .send({
          teamId: team.id,
          pollingStationId: stationId,
          stages: ['voting'],
          startsAt: '2024-02-07T08:00:00+04:00',
          endsAt: '2024-02-07T12:00:00+04:00',
        })
        .expect(201);
      // A visit of another stage leaves it planned.
      await t
        .http()
        .post(events())
        .send(
          visitBody({
            stage: 'opening',
            answers: {},
            observerIds: [member.id],
            occurredAt: '2024-02-07T08:30:00+04:00',
          }),
        )
        .expect(201);
      expect((await t.dataSource.getRepository(Deployment).findOneByOrFail({ id: dep.body.id })).status).toBe(
        'planned',
      );
      await t
        .http()
        .post(events())
        .send(visitBody({ observerIds: [member.id] }))
        .expect(201);
      expect((await t.dataSource.getRepository(Deployment).findOneByOrFail({ id: dep.body.id })).status).toBe('done');
    });
  });

  describe('Idempotency-Key', () => {
    it('stores one event when the same submission arrives 20 times at once; all 20 answer 201 with its id', async () => {
      const before = await countEvents();
      const body = visitBody({ title: 'Re-sent from a phone' });
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => t.http().post(events()).set('Idempotency-Key', 'phone-1-visit-7').send(body)),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
      expect(await countEvents()).toBe(before + 1);
      expect(await answerRows(responses[0].body.id)).toHaveLength(5);
      const replay = await t.http().post(events()).set('Idempotency-Key', 'phone-1-visit-7').send(body).expect(201);
      expect(replay.body).toEqual(responses[0].body);
    });

    it('refuses the same key with another body (422) and stores nothing', async () => {
      await t.http().post(events()).set('Idempotency-Key', 'k-422').send(visitBody()).expect(201);
      const before = await countEvents();
      const res = await t
        .http()
        .post(events())
        .set('Idempotency-Key', 'k-422')
        .send(visitBody({ votersVoted: 121 }))
        .expect(422);
      expect(res.body.message).toMatch(/Idempotency-Key reused with a different body/);
      expect(await countEvents()).toBe(before);
    });

    it.each([
      ['too long', 'x'.repeat(201)],
      ['with a control character', 'a\tb'],
    ])('refuses a key %s with 400', async (_label, key) => {
      const before = await countEvents();
      const res = await t.http().post(events()).set('Idempotency-Key', key).send(visitBody()).expect(400);
      expect(res.body.message).toMatch(/Idempotency-Key/);
      expect(await countEvents()).toBe(before);
    });

    it('does not remember a refused request: the corrected re-send with the same key is stored', async () => {
      await t
        .http()
        .post(events())
        .set('Idempotency-Key', 'fix-me')
        .send(visitBody({ votersVoted: 999 }))
        .expect(422);
      await t
        .http()
        .post(events())
        .set('Idempotency-Key', 'fix-me')
        .send(visitBody({ votersVoted: 99 }))
        .expect(201);
    });

    it('scopes keys to the user: two observers using the same key make two events', async () => {
      const a = await t.createUser('observer', { missionIds: [missionId], observerId });
      const other = await insertObserver(t.dataSource, missionId);
      const b = await t.createUser('observer', { missionIds: [missionId], observerId: other.id });
      const before = await countEvents();
      const first = await t.as(a.token).post(events()).set('Idempotency-Key', 'same').send(visitBody()).expect(201);
      const second = await t
        .as(b.token)
        .post(events())
        .set('Idempotency-Key', 'same')
        .send(visitBody({ observerIds: [other.id] }))
        .expect(201);
      expect(second.body.id).not.toBe(first.body.id);
      expect(await countEvents()).toBe(before + 2);
      const scopes = (await t.dataSource.getRepository(IdempotencyRecord).findBy({ key: 'same' })).map((r) => r.scope);
      expect(scopes.sort()).toEqual([`${a.id} POST ${events()}`, `${b.id} POST ${events()}`].sort());
    });
  });

  describe('list', () => {
    it('filters visits by stage, assessment and station', async () => {
      const other = await insertStation(t.dataSource, missionId, { registeredVoters: 10, region: 'Elsewhere' });
      await t
        .http()
        .post(events())
        .send(
          visitBody({ pollingStationId: other.id, votersVoted: 3, overallAssessment: 'very_bad', title: 'bad one' }),
        )
        .expect(201);
      const list = async (query: Record<string, unknown>) =>
        (await t.http().get(events()).query(query).expect(200)).body;
      expect((await list({ overallAssessment: 'very_bad' })).items.map((e: { title: string }) => e.title)).toEqual([
        'bad one',
      ]);
      expect((await list({ region: 'Elsewhere' })).total).toBe(1);
      expect((await list({ stage: 'opening' })).items.every((e: { stage: string }) => e.stage === 'opening')).toBe(
        true,
      );
      const byStation = await list({ pollingStationId: other.id, type: 'station_visit' });
      expect(byStation.total).toBe(1);
      await t.http().get(events()).query({ overallAssessment: 'fine' }).expect(400);
    });
  });
});
