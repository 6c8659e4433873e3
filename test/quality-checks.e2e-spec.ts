import { ElectionEvent } from '../src/election-events/entities/election-event.entity';
import { createTestApp, CreatedUser, TestApp } from './app';
import { insertObserver, insertStation } from './factories/event.factory';
import { createMission } from './factories/mission.factory';

interface Flag {
  checkId: number;
  name: string;
  severity: string;
}
interface Check {
  id: number;
  stage: string;
  name: string;
  flaggedReports: number;
  recheck: { state: string; checked: number; total: number };
}

const FEW_MEMBERS = 'Fewer than 3 commission members present';
const OPPOSITE = 'Another report of this station and stage rates it the opposite way';
const COUNT_DIFFERS = 'Voters counted differ from the closing report';

/**
 * Quality checks: saved only when their condition makes sense for the stage's reports, and every
 * station visit carries the checks it fails, at once when it is stored or edited, and after a
 * background re-check when a check is added or changed.
 */
describe('Quality checks (e2e)', () => {
  let t: TestApp;
  let m: number;
  let observer: CreatedUser;
  let otherObserver: CreatedUser;
  let station: number;
  let voters: number;
  const base = () => `/api/v1/missions/${m}`;
  const names = (flags: Flag[]) => flags.map((f) => f.name);
  const visit = (body: Record<string, unknown>, token?: string) =>
    (token ? t.as(token) : t.http())
      .post(`${base()}/events`)
      .send({
        type: 'station_visit',
        title: 'Visit',
        pollingStationId: station,
        overallAssessment: 'good',
        ...body,
      })
      .expect(201);
  const event = async (id: number) => (await t.http().get(`${base()}/events/${id}`).expect(200)).body;
  const checks = async () =>
    (await t.http().get(`${base()}/quality-checks`).query({ limit: 100 }).expect(200)).body.items as Check[];
  /** The check once its background re-check has finished. */
  async function rechecked(id: number): Promise<Check> {
    for (let i = 0; i < 200; i++) {
      const check = (await t.http().get(`${base()}/quality-checks/${id}`).expect(200)).body as Check;
      if (check.recheck.state === 'done') return check;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`the re-check of check ${id} did not finish`);
  }

  beforeAll(async () => {
    t = await createTestApp();
    m = await createMission(t, { name: 'Checks' });
    station = (await insertStation(t.dataSource, m, { region: 'North', registeredVoters: 1000 })).id;
    voters = (await insertStation(t.dataSource, m, { region: 'South', registeredVoters: 900 })).id;
    const me = await insertObserver(t.dataSource, m);
    const other = await insertObserver(t.dataSource, m);
    observer = await t.createUser('observer', { missionIds: [m], observerId: me.id });
    otherObserver = await t.createUser('observer', { missionIds: [m], observerId: other.id });
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives a new mission the default checks, and lists the names a condition may use', async () => {
    const list = await checks();
    expect(list.map((c) => c.name)).toEqual(expect.arrayContaining([FEW_MEMBERS, OPPOSITE, COUNT_DIFFERS]));
    expect(list.every((c) => c.recheck.state === 'done' && c.flaggedReports === 0)).toBe(true);
    const { body } = await t.http().get(`${base()}/quality-checks/names`).query({ stage: 'opening' }).expect(200);
    expect(body.commission_members_present).toEqual({ kind: 'number' });
    expect(body.opened_on_time).toEqual({ kind: 'text', values: ['yes', 'no'] });
    expect(body['closing.voters_voted']).toEqual({ kind: 'number' });
    expect(body.outside_stage_hours).toEqual({ kind: 'boolean' });
  });

  it.each([
    ['names an unknown question', "ballot_box_seald = 'no'", /unknown name 'ballot_box_seald'/],
    ['compares a number with text', "commission_members_present = 'yes'", /commission_members_present is a number/],
    ['uses a word the question does not have', "opened_on_time = 'maybe'", /'maybe' is not a value of opened_on_time/],
    ['is not a condition', 'commission_members_present + 1', /yes or no|true or false|boolean|condition/i],
    ['does not parse', 'commission_members_present <', /./],
  ])('refuses a check that %s with 400 naming condition, and stores nothing', async (_label, condition, message) => {
    const before = (await checks()).length;
    const res = await t
      .http()
      .post(`${base()}/quality-checks`)
      .send({ stage: 'opening', name: 'Bad check', severity: 'warning', condition })
      .expect(400);
    expect(res.body.errors[0].field).toBe('condition');
    expect(res.body.errors.map((e: { message: string }) => e.message).join(' ')).toMatch(message);
    expect((await checks()).length).toBe(before);
  });

  it('refuses a second check of the same name on a stage (409)', async () => {
    await t
      .http()
      .post(`${base()}/quality-checks`)
      .send({ stage: 'opening', name: FEW_MEMBERS, severity: 'warning', condition: 'commission_members_present < 2' })
      .expect(409);
  });

  it('flags a report that breaks a check at once, and clears the flag when an edit mends it', async () => {
    const created = await visit(
      { stage: 'opening', occurredAt: '2024-02-07T07:30:00+04:00', answers: { commission_members_present: 1 } },
      observer.token,
    );
    expect(names(created.body.flags)).toEqual([FEW_MEMBERS]);
    expect(await event(created.body.id)).toEqual(created.body);
    // The observer sees its own report's flags; another observer does not see the report at all.
    const own = await t.as(observer.token).get(`${base()}/events/${created.body.id}`).expect(200);
    expect(names(own.body.flags)).toEqual([FEW_MEMBERS]);
    await t.as(otherObserver.token).get(`${base()}/events/${created.body.id}`).expect(404);

    const mended = await t
      .as(observer.token)
      .patch(`${base()}/events/${created.body.id}`)
      .send({ answers: { commission_members_present: 5 }, version: created.body.version })
      .expect(200);
    expect(mended.body.flags).toEqual([]);
    expect((await event(created.body.id)).flags).toEqual([]);
  });

  it('flags a visit outside its stage hours on the mission clocks', async () => {
    // Opening runs 07:00-08:00 by default; 09:15 Baku time is after it.
    const late = await visit({
      stage: 'opening',
      occurredAt: '2024-02-07T09:15:00+04:00',
      answers: { commission_members_present: 4 },
    });
    expect(names(late.body.flags)).toEqual(['Visit outside the opening hours']);
  });

  it('flags both reports of a station and stage that disagree, and unflags the other when one is rejected', async () => {
    const first = await visit({
      stage: 'voting',
      occurredAt: '2024-02-07T10:00:00+04:00',
      pollingStationId: voters,
      overallAssessment: 'good',
    });
    expect(first.body.flags).toEqual([]);
    const second = await visit({
      stage: 'voting',
      occurredAt: '2024-02-07T11:00:00+04:00',
      pollingStationId: voters,
      overallAssessment: 'very_bad',
    });
    expect(names(second.body.flags)).toEqual([OPPOSITE]);
    expect(names((await event(first.body.id)).flags)).toEqual([OPPOSITE]);

    const queue = await t.http().get(`${base()}/review-queue`).query({ stage: 'voting' }).expect(200);
    const item = queue.body.items.find((i: { event: { id: number } }) => i.event.id === second.body.id);
    expect(item.conflicts).toEqual([first.body.id]);
    expect(item.station).toMatchObject({ id: voters, region: 'South' });

    await t
      .http()
      .post(`${base()}/events/${second.body.id}/review`)
      .send({ state: 'rejected', note: 'Wrong station' })
      .expect(200);
    expect((await event(first.body.id)).flags).toEqual([]);
  });

  it('compares a counting report with the closing report of its station', async () => {
    await visit({ stage: 'closing', occurredAt: '2024-02-07T20:30:00+04:00', votersVoted: 300 });
    const counting = await visit({ stage: 'counting', occurredAt: '2024-02-07T21:30:00+04:00', votersVoted: 310 });
    expect(names(counting.body.flags)).toEqual([COUNT_DIFFERS]);
  });

  it('re-checks the existing reports in the background when a check is added, changed or deleted', async () => {
    const big = await visit({ stage: 'voting', occurredAt: '2024-02-07T12:00:00+04:00', votersVoted: 600 });
    const small = await visit({
      stage: 'voting',
      occurredAt: '2024-02-07T13:00:00+04:00',
      votersVoted: 50,
      overallAssessment: 'very_good',
    });
    // A summary kept from before the re-check must not be answered after it.
    await t.http().get(`${base()}/summary`).expect(200);
    const added = await t
      .http()
      .post(`${base()}/quality-checks`)
      .send({
        stage: 'voting',
        name: 'High turnout',
        severity: 'error',
        condition: 'voters_voted > 0.5 * station.registered_voters',
      })
      .expect(201);
    // A small stage is re-checked before the answer: it shows the flags already.
    expect(added.body.recheck.state).toBe('done');
    expect(added.body.flaggedReports).toBe(1);
    const done = await rechecked(added.body.id);
    expect(done).toEqual(added.body);
    expect(done.recheck.total).toBeGreaterThan(0);
    expect(done.recheck.checked).toBe(done.recheck.total);
    expect(names((await event(big.body.id)).flags)).toContain('High turnout');
    expect(names((await event(small.body.id)).flags)).not.toContain('High turnout');

    const changed = await t
      .http()
      .patch(`${base()}/quality-checks/${added.body.id}`)
      .send({ condition: 'voters_voted < 100', version: added.body.version })
      .expect(200);
    expect((await rechecked(changed.body.id)).flaggedReports).toBe(1);
    expect(names((await event(big.body.id)).flags)).not.toContain('High turnout');
    expect(names((await event(small.body.id)).flags)).toContain('High turnout');

    const summary = await t.http().get(`${base()}/summary`).expect(200);
    expect(summary.body.dataQuality.checks).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: added.body.id, name: 'High turnout', flaggedReports: 1 })]),
    );
    const md = await t.http().get(`${base()}/summary`).query({ format: 'md' }).expect(200);
    expect(md.text).toContain('| High turnout | Voting | Error | 1 |');

    await t.http().delete(`${base()}/quality-checks/${added.body.id}`).expect(204);
    expect(names((await event(small.body.id)).flags)).not.toContain('High turnout');
    await t.http().get(`${base()}/quality-checks/${added.body.id}`).expect(404);
  });

  it('re-checks a big mission in the background, answering at once and showing the progress', async () => {
    const big = await createMission(t, { name: 'Big mission' });
    const stations = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        insertStation(t.dataSource, big, { registeredVoters: 1000, code: `B${i}` }),
      ),
    );
    await t.dataSource.getRepository(ElectionEvent).save(
      stations.map((s, i) => ({
        missionId: big,
        type: 'station_visit' as const,
        title: `Visit ${i}`,
        occurredAt: new Date('2024-02-07T10:00:00Z'),
        pollingStationId: s.id,
        stage: 'voting' as const,
        overallAssessment: 'good' as const,
        votersVoted: i < 40 ? 900 : 100,
      })),
    );
    const added = await t
      .http()
      .post(`/api/v1/missions/${big}/quality-checks`)
      .send({ stage: 'voting', name: 'Very high turnout', severity: 'error', condition: 'voters_voted > 800' })
      .expect(201);
    expect(added.body.recheck.state).toBe('running');
    let check: Check;
    for (let i = 0; ; i++) {
      check = (await t.http().get(`/api/v1/missions/${big}/quality-checks/${added.body.id}`).expect(200)).body;
      if (check.recheck.state === 'done' || i > 400) break;
      expect(check.recheck.checked).toBeLessThanOrEqual(150);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(check.recheck).toEqual({ state: 'done', checked: 150, total: 150 });
    expect(check.flaggedReports).toBe(40);
  });

  it('keeps working when a check names a question the checklist no longer has', async () => {
    const { body: template } = await t.http().get(`${base()}/checklists/opening`).expect(200);
    const without = template.questions.filter((q: { code: string }) => q.code !== 'commission_members_present');
    await t.http().put(`${base()}/checklists/opening`).send({ questions: without }).expect(200);
    const stored = await visit({ stage: 'opening', occurredAt: '2024-02-07T07:30:00+04:00' });
    expect(names(stored.body.flags)).not.toContain(FEW_MEMBERS);
  });
});
