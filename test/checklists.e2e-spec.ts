import { ChecklistTemplate } from '../src/checklists/entities/checklist-template.entity';
import { ChecklistsService } from '../src/checklists/checklists.service';
import { STAGES } from '../src/election-events/entities/election-event.enums';
import { Mission } from '../src/missions/entities/mission.entity';
import { createMission, missionBody } from './factories/mission.factory';
import { createTestApp, TestApp } from './app';

const yesNo = (code: string, negativeAnswers = ['no']) => ({
  code,
  text: `Was ${code.replace(/_/g, ' ')} fine?`,
  type: 'yes_no',
  options: [],
  required: false,
  negativeAnswers,
});

describe('Checklist templates (e2e)', () => {
  let t: TestApp;
  let missionId: number;
  const url = (stage = '', mission = missionId) => `/api/v1/missions/${mission}/checklists${stage ? `/${stage}` : ''}`;

  beforeAll(async () => {
    t = await createTestApp();
    missionId = (await t.http().post('/api/v1/missions').send(missionBody()).expect(201)).body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  const newMission = (overrides: Parameters<typeof missionBody>[0] = {}) => createMission(t, overrides);

  it('gives a new mission the default checklist of every stage, at least 8 questions each', async () => {
    const res = await t.http().get(url()).expect(200);
    expect(res.body).toMatchObject({ total: 5, offset: 0 });
    expect(res.body.items.map((c: { stage: string }) => c.stage)).toEqual([...STAGES]);
    for (const template of res.body.items) {
      expect(template).toMatchObject({ id: expect.any(Number), missionId, version: 1 });
      expect(template.questions.length).toBeGreaterThanOrEqual(8);
      for (const q of template.questions) {
        expect(Object.keys(q).sort()).toEqual(['code', 'negativeAnswers', 'options', 'required', 'text', 'type']);
        expect(q.code).toMatch(/^[a-z][a-z0-9_]*$/);
      }
    }
  });

  it('stores the defaults in the transaction that creates the mission', async () => {
    const id = await newMission();
    // Read the table, not the endpoint: the endpoint would fill in missing stages itself.
    expect(await t.dataSource.getRepository(ChecklistTemplate).countBy({ missionId: id })).toBe(5);
  });

  it('fills in the defaults of a mission stored without the application (e.g. raw SQL)', async () => {
    const inserted = await t.dataSource
      .createQueryBuilder()
      .insert()
      .into(Mission)
      .values({ ...missionBody(), status: 'planned' })
      .callListeners(false)
      .execute();
    const id = inserted.identifiers[0].id as number;
    expect(await t.dataSource.getRepository(ChecklistTemplate).countBy({ missionId: id })).toBe(0);
    const questions = await t.app.get(ChecklistsService).templateFor(id, 'voting');
    expect(questions.map((q) => q.code)).toContain('secrecy_ensured');
    const res = await t.http().get(url('opening', id)).expect(200);
    expect(res.body.questions.map((q: { code: string }) => q.code)).toContain('ballot_box_sealed');
    expect(await t.dataSource.getRepository(ChecklistTemplate).countBy({ missionId: id })).toBe(5);
  });

  it('models the ODIHR forms with the direction of each question', async () => {
    const byCode = async (stage: string) =>
      Object.fromEntries(
        (await t.http().get(url(stage)).expect(200)).body.questions.map((q: { code: string }) => [q.code, q]),
      );
    const opening = await byCode('opening');
    expect(opening.ballot_box_shown_empty).toMatchObject({ type: 'yes_no', negativeAnswers: ['no'] });
    expect(opening.ballot_box_sealed).toMatchObject({ type: 'yes_no', negativeAnswers: ['no'] });
    expect(opening.seal_numbers_recorded).toMatchObject({ negativeAnswers: ['no'] });
    expect(opening.unauthorized_persons_present).toMatchObject({ type: 'yes_no', negativeAnswers: ['yes'] });
    expect(opening.premises_type).toMatchObject({
      type: 'choice',
      options: ['public', 'private'],
      negativeAnswers: [],
    });
    const voting = await byCode('voting');
    for (const code of ['secrecy_ensured', 'identity_checked', 'voters_checked_against_list', 'ink_applied']) {
      expect(voting[code].negativeAnswers).toContain('no');
    }
    for (const code of [
      'group_voting',
      'campaign_material_present',
      'pressure_on_voters',
      'unauthorized_persons_present',
    ]) {
      expect(voting[code].negativeAnswers).toEqual(['yes']);
    }
    const counting = await byCode('counting');
    expect(counting.protocol_posted_publicly.negativeAnswers).toEqual(['no']);
    expect(counting.invalid_ballots).toMatchObject({ type: 'number', negativeAnswers: [] });
    const closing = await byCode('closing');
    expect(closing.unused_ballots_cancelled.negativeAnswers).toEqual(['no']);
    const tabulation = await byCode('tabulation');
    expect(tabulation.tabulation_transparent.negativeAnswers).toEqual(['no', 'partial']);
  });

  it('answers 400 for an unknown stage and 404 for an unknown mission', async () => {
    const res = await t.http().get(url('lunch')).expect(400);
    expect(res.body.message).toBe('stage must be one of opening, voting, closing, counting, tabulation');
    await t
      .http()
      .put(url('lunch'))
      .send({ questions: [yesNo('a')] })
      .expect(400);
    await t.http().get(url('', 999999)).expect(404);
    await t.http().get(url('opening', 999999)).expect(404);
    await t
      .http()
      .put(url('opening', 999999))
      .send({ questions: [yesNo('a')] })
      .expect(404);
    expect(await t.dataSource.getRepository(ChecklistTemplate).countBy({ missionId: 999999 })).toBe(0);
  });

  it('replaces a stage’s questions with PUT and bumps the version', async () => {
    const id = await newMission();
    const questions = [
      yesNo('ballot_box_sealed'),
      yesNo('unauthorized_persons_present', ['yes']),
      {
        code: 'queue',
        text: 'How long was the queue?',
        type: 'choice',
        options: ['none', 'long'],
        negativeAnswers: ['long'],
      },
      { code: 'voters_waiting', text: 'How many voters were waiting?', type: 'number', required: true },
    ];
    const res = await t.http().put(url('voting', id)).send({ stage: 'voting', questions, version: 1 }).expect(200);
    expect(res.body).toMatchObject({ missionId: id, stage: 'voting', version: 2 });
    expect(res.body.questions[3]).toEqual({ ...questions[3], options: [], negativeAnswers: [] });
    const got = await t.http().get(url('voting', id)).expect(200);
    expect(got.body.questions.map((q: { code: string }) => q.code)).toEqual([
      'ballot_box_sealed',
      'unauthorized_persons_present',
      'queue',
      'voters_waiting',
    ]);
    // Other stages and other missions keep their own questions.
    expect((await t.http().get(url('opening', id))).body.version).toBe(1);
    expect((await t.http().get(url('voting'))).body.questions.length).toBeGreaterThanOrEqual(8);
    // What a visit validates against is the new template.
    expect((await t.app.get(ChecklistsService).templateFor(id, 'voting')).map((q) => q.code)).toContain('queue');
  });

  it('takes back what it gave: a GET body can be PUT again unchanged', async () => {
    const id = await newMission();
    const { body } = await t.http().get(url('counting', id)).expect(200);
    await t
      .http()
      .put(url('counting', id))
      .send({ stage: body.stage, questions: body.questions, version: body.version })
      .expect(200);
  });

  it.each([
    ['a repeated code', [yesNo('a'), yesNo('a')], 'questions.1.code'],
    ['a code that is not snake_case', [yesNo('BoxSealed')], 'questions.0.code'],
    ['a code with a space', [yesNo('box sealed')], 'questions.0.code'],
    ['a choice without options', [{ ...yesNo('q'), type: 'choice', negativeAnswers: [] }], 'questions.0.options'],
    ['options on a yes/no question', [{ ...yesNo('q'), options: ['yes', 'no'] }], 'questions.0.options'],
    ['partial as negative of a yes/no question', [yesNo('q', ['partial'])], 'questions.0.negativeAnswers'],
    [
      'a negative answer that is not an option',
      [{ ...yesNo('q'), type: 'choice', options: ['a', 'b'], negativeAnswers: ['c'] }],
      'questions.0.negativeAnswers',
    ],
    [
      'negative answers on a number question',
      [{ ...yesNo('q'), type: 'number', negativeAnswers: ['0'] }],
      'questions.0.negativeAnswers',
    ],
    [
      'negative answers on a text question',
      [{ ...yesNo('q'), type: 'text', negativeAnswers: ['bad'] }],
      'questions.0.negativeAnswers',
    ],
    ['an unknown question type', [{ ...yesNo('q'), type: 'scale' }], 'questions.0.type'],
    ['an empty question text', [{ ...yesNo('q'), text: '  ' }], 'questions.0.text'],
    ['an unknown field in a question', [{ ...yesNo('q'), weight: 2 }], 'questions.0.weight'],
    ['no questions at all', [], 'questions'],
  ])('refuses %s with 400 naming the field, and keeps the template', async (_label, questions, field) => {
    const before = (await t.http().get(url('opening')).expect(200)).body;
    const res = await t.http().put(url('opening')).send({ questions }).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect((await t.http().get(url('opening')).expect(200)).body).toEqual(before);
  });

  it('refuses a body for another stage than the URL’s', async () => {
    const res = await t
      .http()
      .put(url('opening'))
      .send({ stage: 'voting', questions: [yesNo('a')] })
      .expect(400);
    expect(res.body.message).toBe('stage: the body is for voting but the URL is for opening');
  });

  it('refuses a stale version with 409 and keeps the newer questions', async () => {
    const id = await newMission();
    await t
      .http()
      .put(url('closing', id))
      .send({ questions: [yesNo('first')], version: 1 })
      .expect(200);
    const res = await t
      .http()
      .put(url('closing', id))
      .send({ questions: [yesNo('second')], version: 1 })
      .expect(409);
    expect(res.body.message).toMatch(/changed by someone else/);
    const got = (await t.http().get(url('closing', id))).body;
    expect(got).toMatchObject({ version: 2, questions: [expect.objectContaining({ code: 'first' })] });
  });

  it('lets exactly one of two simultaneous PUTs of the same version win', async () => {
    const id = await newMission();
    const statuses = await Promise.all(
      ['one', 'two'].map(
        async (code) =>
          (
            await t
              .http()
              .put(url('tabulation', id))
              .send({ questions: [yesNo(code)], version: 1 })
          ).status,
      ),
    );
    expect(statuses.sort()).toEqual([200, 409]);
    expect((await t.http().get(url('tabulation', id))).body.version).toBe(2);
  });

  it('refuses to change the checklists of a closed mission (409)', async () => {
    const id = await newMission();
    const before = (await t.http().get(url('voting', id))).body;
    await t.http().patch(`/api/v1/missions/${id}`).send({ status: 'closed' }).expect(200);
    const res = await t
      .http()
      .put(url('voting', id))
      .send({ questions: [yesNo('a')] })
      .expect(409);
    expect(res.body.message).toMatch(/closed/);
    expect((await t.http().get(url('voting', id)).expect(200)).body).toEqual(before);
  });

  it('records the change in the audit log', async () => {
    const id = await newMission();
    await t
      .http()
      .put(url('opening', id))
      .send({ questions: [yesNo('only_question')] })
      .expect(200);
    const entries = await t.dataSource.query(
      t.dataSource.options.type === 'postgres'
        ? `SELECT "action" FROM audit_entries WHERE "entityType" = 'checklist_template' AND "missionId" = $1`
        : `SELECT action FROM audit_entries WHERE entityType = 'checklist_template' AND missionId = ?`,
      [id],
    );
    expect(entries).toEqual([{ action: 'update' }]);
  });
});
