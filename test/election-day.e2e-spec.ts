import { Deployment } from '../src/deployments/entities/deployment.entity';
import { ElectionEvent } from '../src/election-events/entities/election-event.entity';
import { EventAnswer } from '../src/election-events/entities/event-answer.entity';
import { createTestApp, CreatedUser, TestApp } from './app';

interface Question {
  code: string;
  type: string;
  options?: string[];
  negativeAnswers: string[];
}

/** A plausible, complete checklist; `negativeCode` gets the answer that counts as a finding. */
function fillIn(questions: Question[], negativeCode?: string): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const q of questions) {
    if (q.code === negativeCode) answers[q.code] = q.negativeAnswers[0];
    else if (q.type === 'number') answers[q.code] = 7;
    else if (q.type === 'choice') answers[q.code] = q.options![0];
    else if (q.type === 'text') answers[q.code] = 'Nothing to add';
    else answers[q.code] = q.negativeAnswers.includes('yes') ? 'no' : 'yes';
  }
  return answers;
}

/**
 * Election day for the sample mission (TURKPA, Azerbaijan 2024), through the API as its people
 * would use it: the coordinator deploys both teams, observers report opening, voting and counting
 * visits from their phones (one re-sent), an incident is reported and verified.
 */
describe('Election day walk-through on the sample mission (e2e)', () => {
  let t: TestApp;
  let m: number;
  let coordinator: CreatedUser;
  const api = (path: string) => `/api/v1/missions/${m}${path}`;
  const day = (time: string) => `2024-02-07T${time}:00+04:00`;

  beforeAll(async () => {
    t = await createTestApp({ SEED_SAMPLE: 'true' });
    const missions = (await t.http().get('/api/v1/missions').expect(200)).body.items;
    m = missions.find((x: { organization: string }) => x.organization === 'TURKPA').id;
    coordinator = await t.createUser('coordinator', { missionIds: [m] });
  });
  afterAll(async () => {
    await t.close();
  });

  it('records the day and stores exactly what was reported', async () => {
    const teams = (await t.http().get(api('/teams')).expect(200)).body.items as {
      id: number;
      code: string;
      memberIds: number[];
    }[];
    const [t1, t2] = ['T1', 'T2'].map((code) => teams.find((x) => x.code === code)!);
    const stations = (await t.http().get(api('/polling-stations')).query({ limit: 3 }).expect(200)).body.items as {
      id: number;
      registeredVoters: number;
    }[];
    const [a, b, c] = stations;
    const seededEvents = (await t.http().get(api('/events')).expect(200)).body.total;

    // The coordinator deploys both teams; one team cannot be in two places at once.
    const deploy = (teamId: number, pollingStationId: number, stages: string[], from: string, to: string) =>
      t
        .as(coordinator.token)
        .post(api('/deployments'))
        .send({ teamId, pollingStationId, stages, startsAt: day(from), endsAt: day(to) });
    const deployments = [
      (await deploy(t1.id, a.id, ['opening', 'voting'], '07:00', '13:00').expect(201)).body.id,
      (await deploy(t1.id, b.id, ['counting'], '19:00', '23:30').expect(201)).body.id,
      (await deploy(t2.id, c.id, ['opening', 'voting', 'counting'], '07:00', '23:30').expect(201)).body.id,
    ];
    await deploy(t1.id, c.id, ['voting'], '12:00', '14:00').expect(409);

    // One observer of each team reports from a phone.
    const phone1 = await t.createUser('observer', { missionIds: [m], observerId: t1.memberIds[0] });
    const phone2 = await t.createUser('observer', { missionIds: [m], observerId: t2.memberIds[0] });
    const templates: Record<string, Question[]> = {};
    for (const stage of ['opening', 'voting', 'counting']) {
      templates[stage] = (
        await t
          .http()
          .get(api(`/checklists/${stage}`))
          .expect(200)
      ).body.questions;
    }
    const negativeOf = (stage: string) => templates[stage].find((q) => q.negativeAnswers.length > 0)!.code;
    const visit = (observerId: number, stationId: number, stage: string, time: string, negative = false) => ({
      type: 'station_visit',
      title: `${stage} visit`,
      occurredAt: day(time),
      pollingStationId: stationId,
      stage,
      overallAssessment: negative ? 'bad' : 'good',
      votersVoted: stage === 'opening' ? 0 : 50,
      observerIds: [observerId],
      answers: fillIn(templates[stage], negative ? negativeOf(stage) : undefined),
    });
    const submissions: [CreatedUser, string, ReturnType<typeof visit>][] = [
      [phone1, 'p1-opening', visit(t1.memberIds[0], a.id, 'opening', '07:40')],
      [phone1, 'p1-voting', visit(t1.memberIds[0], a.id, 'voting', '11:15', true)],
      [phone1, 'p1-counting', visit(t1.memberIds[0], b.id, 'counting', '20:30')],
      [phone2, 'p2-opening', visit(t2.memberIds[0], c.id, 'opening', '07:45')],
      [phone2, 'p2-voting', visit(t2.memberIds[0], c.id, 'voting', '15:00')],
      [phone2, 'p2-counting', visit(t2.memberIds[0], c.id, 'counting', '21:00')],
    ];
    const ids: number[] = [];
    for (const [phone, key, body] of submissions) {
      const res = await t.as(phone.token).post(api('/events')).set('Idempotency-Key', key).send(body).expect(201);
      ids.push(res.body.id);
    }

    // The voting visit is re-sent when the phone gets signal back: same answer, nothing new stored.
    const [phone, key, body] = submissions[1];
    const resent = await t.as(phone.token).post(api('/events')).set('Idempotency-Key', key).send(body).expect(201);
    expect(resent.body.id).toBe(ids[1]);
    expect(resent.headers['idempotent-replayed']).toBe('true');

    // An incident is reported by the T2 observer and verified by the coordinator.
    const incident = (
      await t
        .as(phone2.token)
        .post(api('/events'))
        .send({
          type: 'incident',
          title: 'Unauthorized person directing voters',
          occurredAt: day('12:10'),
          pollingStationId: c.id,
          category: 'unauthorized_persons',
          severity: 'high',
          observerIds: [t2.memberIds[0]],
        })
        .expect(201)
    ).body;
    await t
      .as(phone2.token)
      .post(api(`/events/${incident.id}/status`))
      .send({ status: 'verified' })
      .expect(403);
    await t
      .as(coordinator.token)
      .post(api(`/events/${incident.id}/status`))
      .send({ status: 'verified', note: 'Confirmed with the PEC chair' })
      .expect(200);

    // What is stored.
    const events = t.dataSource.getRepository(ElectionEvent);
    expect(await events.countBy({ missionId: m, type: 'station_visit' })).toBe(6);
    expect(await events.countBy({ missionId: m })).toBe(seededEvents + 7);
    const expectedAnswers = submissions.reduce((n, [, , s]) => n + Object.keys(s.answers).length, 0);
    expect(await t.dataSource.getRepository(EventAnswer).countBy({ missionId: m })).toBe(expectedAnswers);
    const negatives = await t.dataSource.getRepository(EventAnswer).findBy({ missionId: m, negative: true });
    expect(negatives.map((n) => [n.eventId, n.questionCode])).toEqual([[ids[1], negativeOf('voting')]]);
    for (const [i, [, , s]] of submissions.entries()) {
      const got = (
        await t
          .http()
          .get(api(`/events/${ids[i]}`))
          .expect(200)
      ).body;
      expect(got).toMatchObject({
        stage: s.stage,
        pollingStationId: s.pollingStationId,
        overallAssessment: s.overallAssessment,
      });
      expect(Object.keys(got.answers).sort()).toEqual(Object.keys(s.answers).sort());
    }
    const statuses = await t.dataSource.getRepository(Deployment).findBy({ missionId: m });
    expect(statuses.filter((d) => deployments.includes(d.id)).map((d) => d.status)).toEqual(['done', 'done', 'done']);
    const verified = (
      await t
        .http()
        .get(api(`/events/${incident.id}`))
        .expect(200)
    ).body;
    expect(verified.status).toBe('verified');
    expect(verified.statusHistory).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: 'reported', changedByUserId: phone2.id }),
      expect.objectContaining({
        fromStatus: 'reported',
        toStatus: 'verified',
        changedByUserId: coordinator.id,
        note: 'Confirmed with the PEC chair',
      }),
    ]);

    // And the lists a coordinator reads in the evening.
    const list = async (query: Record<string, unknown>) =>
      (await t.http().get(api('/events')).query(query).expect(200)).body.total;
    expect(await list({ type: 'station_visit', teamId: t1.id })).toBe(3);
    expect(await list({ type: 'station_visit', teamId: t2.id })).toBe(3);
    expect(await list({ stage: 'counting' })).toBe(2);
    expect(await list({ overallAssessment: 'bad' })).toBe(1);
    expect(await list({ type: 'incident', status: 'verified' })).toBe(1);
    expect(await list({ from: day('19:00'), to: day('23:59') })).toBe(2);
  });
});
