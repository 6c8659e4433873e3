import fc from 'fast-check';
import {
  compileCondition,
  evaluateCondition,
  type CompiledCondition,
  type ConditionSchema,
  type ConditionValues,
} from '.';

const schema: ConditionSchema = {
  commission_members_present: { kind: 'number' },
  opened_on_time: { kind: 'text', values: ['yes', 'no'] },
  overall_assessment: { kind: 'text', values: ['very_good', 'good', 'bad', 'very_bad'] },
  ballot_box_sealed: { kind: 'text', values: ['yes', 'no'] },
  voters_voted: { kind: 'number' },
  time: { kind: 'time' },
  stage_start: { kind: 'time' },
  stage_end: { kind: 'time' },
  remarks: { kind: 'text' },
  a: { kind: 'boolean' },
  b: { kind: 'boolean' },
  'station.registered_voters': { kind: 'number' },
  'closing.voters_voted': { kind: 'number' },
  'opening.overall_assessment': { kind: 'text', values: ['very_good', 'good', 'bad', 'very_bad'] },
};

function compiled(text: string): CompiledCondition {
  const result = compileCondition(text, schema);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.condition;
}

function flags(text: string, values: ConditionValues): boolean {
  return evaluateCondition(compiled(text), values);
}

// A condition's value v, seen through what flags: v itself and `not (...)` of it tell true, false and unknown apart.
function valueOf(text: string, values: ConditionValues): boolean | null {
  const flagged = flags(text, values);
  const negated = flags(`not (${text})`, values);
  return flagged ? true : negated ? false : null;
}

describe('evaluateCondition on the examples', () => {
  const cases: [string, ConditionValues, boolean][] = [
    ['commission_members_present < 3', { commission_members_present: 2 }, true],
    ['commission_members_present < 3', { commission_members_present: 3 }, false],
    ['commission_members_present < 3', {}, false],
    [
      "opened_on_time = 'no' and overall_assessment = 'very_good'",
      { opened_on_time: 'no', overall_assessment: 'very_good' },
      true,
    ],
    [
      "opened_on_time = 'no' and overall_assessment = 'very_good'",
      { opened_on_time: 'yes', overall_assessment: 'very_good' },
      false,
    ],
    [
      "opened_on_time = 'no' and overall_assessment = 'very_good'",
      { opened_on_time: 'no', overall_assessment: null },
      false,
    ],
    ['voters_voted > station.registered_voters', { voters_voted: 1201, 'station.registered_voters': 1200 }, true],
    ['voters_voted > station.registered_voters', { voters_voted: 1200, 'station.registered_voters': 1200 }, false],
    ['voters_voted > station.registered_voters', { voters_voted: 1201 }, false],
    ['voters_voted <> closing.voters_voted', { voters_voted: 540, 'closing.voters_voted': 541 }, true],
    ['voters_voted <> closing.voters_voted', { voters_voted: 540, 'closing.voters_voted': 540 }, false],
    // No closing report yet: nothing to disagree with.
    ['voters_voted <> closing.voters_voted', { voters_voted: 540, 'closing.voters_voted': undefined }, false],
    ['time < stage_start or time > stage_end', { time: '06:59', stage_start: '07:00', stage_end: '08:00' }, true],
    ['time < stage_start or time > stage_end', { time: '08:01', stage_start: '07:00', stage_end: '08:00' }, true],
    ['time < stage_start or time > stage_end', { time: '07:30', stage_start: '07:00', stage_end: '08:00' }, false],
    ['time < stage_start or time > stage_end', { time: '07:30', stage_start: '07:00' }, false],
    ['time < stage_start or time > stage_end', { time: '06:00', stage_start: '07:00' }, true],
    ['not answered(ballot_box_sealed)', {}, true],
    ['not answered(ballot_box_sealed)', { ballot_box_sealed: null }, true],
    ['not answered(ballot_box_sealed)', { ballot_box_sealed: 'no' }, false],
    [
      'opening.overall_assessment <> overall_assessment',
      { 'opening.overall_assessment': 'good', overall_assessment: 'bad' },
      true,
    ],
    [
      'opening.overall_assessment <> overall_assessment',
      { 'opening.overall_assessment': 'good', overall_assessment: 'good' },
      false,
    ],
    ['opening.overall_assessment <> overall_assessment', { overall_assessment: 'good' }, false],
  ];
  it.each(cases)('%s with %j flags: %s', (text, values, expected) => {
    expect(flags(text, values)).toBe(expected);
  });
});

describe('evaluateCondition: three-valued logic, as in SQL', () => {
  // null is unknown: `a` or `b` missing from the report.
  const truth = [true, false, null] as const;
  const asValue = (v: boolean | null) => (v === null ? undefined : v);
  const and = (x: boolean | null, y: boolean | null) =>
    x === false || y === false ? false : x === null || y === null ? null : true;
  const or = (x: boolean | null, y: boolean | null) =>
    x === true || y === true ? true : x === null || y === null ? null : false;
  const not = (x: boolean | null) => (x === null ? null : !x);

  for (const x of truth) {
    it(`not ${String(x)} is ${String(not(x))}`, () => {
      expect(valueOf('not a', { a: asValue(x) })).toBe(not(x));
      expect(valueOf('!a', { a: asValue(x) })).toBe(not(x));
    });
    for (const y of truth) {
      it(`${String(x)} and ${String(y)} is ${String(and(x, y))}; ${String(x)} or ${String(y)} is ${String(or(x, y))}`, () => {
        const values = { a: asValue(x), b: asValue(y) };
        expect(valueOf('a and b', values)).toBe(and(x, y));
        expect(valueOf('a && b', values)).toBe(and(x, y));
        expect(valueOf('a or b', values)).toBe(or(x, y));
        expect(valueOf('a || b', values)).toBe(or(x, y));
      });
    }
  }

  it('unknown at the top does not flag, and neither does its negation', () => {
    expect(flags('voters_voted > 1', {})).toBe(false);
    expect(flags('not (voters_voted > 1)', {})).toBe(false);
    expect(flags('voters_voted = voters_voted', {})).toBe(false);
  });

  it('a missing value makes comparisons and arithmetic unknown', () => {
    expect(valueOf('voters_voted + 1 > 0', {})).toBeNull();
    expect(valueOf('-voters_voted < 0', {})).toBeNull();
    expect(valueOf('abs(voters_voted) >= 0', {})).toBeNull();
    expect(valueOf("remarks = 'x'", {})).toBeNull();
    expect(valueOf('time < stage_start', { stage_start: '07:00' })).toBeNull();
  });

  it('answered(x) is never unknown', () => {
    expect(valueOf('answered(voters_voted)', {})).toBe(false);
    expect(valueOf('answered(voters_voted)', { voters_voted: 0 })).toBe(true);
    expect(valueOf('answered(a)', { a: false })).toBe(true);
  });

  it('false and unknown is false, true or unknown is true, whichever side is unknown', () => {
    expect(valueOf('voters_voted > 1 and answered(remarks)', {})).toBe(false);
    expect(valueOf('answered(remarks) and voters_voted > 1', {})).toBe(false);
    expect(valueOf('voters_voted > 1 or not answered(remarks)', {})).toBe(true);
    expect(valueOf('not answered(remarks) or voters_voted > 1', {})).toBe(true);
  });

  it('division by zero is unknown, as is a number too large to hold', () => {
    const turnout = 'voters_voted / station.registered_voters > 0.9';
    expect(valueOf(turnout, { voters_voted: 10, 'station.registered_voters': 0 })).toBeNull();
    expect(valueOf(turnout, { voters_voted: 0, 'station.registered_voters': 0 })).toBeNull();
    expect(valueOf(turnout, { voters_voted: 95, 'station.registered_voters': 100 })).toBe(true);
    expect(valueOf('voters_voted * 10 > 0', { voters_voted: 1e308 })).toBeNull();
  });
});

describe('evaluateCondition reads values as their declared type', () => {
  it('compares times as minutes, not as text', () => {
    // As text, '9:05' > '10:00'.
    expect(flags('time < stage_start', { time: '9:05', stage_start: '10:00' })).toBe(true);
    expect(flags("time >= '7:30'", { time: '07:30' })).toBe(true);
    expect(flags("time = '07:30'", { time: '07:30:59' })).toBe(true);
    expect(flags("time > '23:58'", { time: '23:59' })).toBe(true);
  });

  it('counts a value that is not of its type as missing', () => {
    expect(valueOf('voters_voted > 0', { voters_voted: 'many' })).toBeNull();
    expect(valueOf('voters_voted > 0', { voters_voted: true })).toBeNull();
    expect(valueOf('voters_voted > 0', { voters_voted: Number.NaN })).toBeNull();
    expect(valueOf('voters_voted > 0', { voters_voted: Number.POSITIVE_INFINITY })).toBeNull();
    expect(valueOf("remarks = 'x'", { remarks: 3 })).toBeNull();
    expect(valueOf("time < '07:00'", { time: '25:00' })).toBeNull();
    expect(valueOf("time < '07:00'", { time: 700 })).toBeNull();
    expect(valueOf('a', { a: 'yes' })).toBeNull();
    expect(valueOf('answered(voters_voted)', { voters_voted: 'many' })).toBe(false);
  });

  it('takes a number written as text, and counts blank text as no answer', () => {
    expect(flags('voters_voted > 10', { voters_voted: ' 12 ' })).toBe(true);
    expect(flags('voters_voted < 0', { voters_voted: '-1.5' })).toBe(true);
    expect(valueOf('answered(remarks)', { remarks: '  ' })).toBe(false);
    expect(valueOf('answered(remarks)', { remarks: 'seen' })).toBe(true);
  });

  it("reads only the report's own values, never Object.prototype's", () => {
    const tricky: ConditionSchema = Object.fromEntries([
      ['constructor', { kind: 'boolean' }],
      ['toString', { kind: 'number' }],
    ]);
    const result = compileCondition('not answered(constructor) and not answered(toString)', tricky);
    expect(result.ok && evaluateCondition(result.condition, {})).toBe(true);
  });

  it('refuses a stored condition of another version, to be compiled again from its text', () => {
    const stored = { version: 2, root: compiled('a').root } as unknown as CompiledCondition;
    expect(() => evaluateCondition(stored, { a: true })).toThrow(/compile its text again/);
  });
});

describe('a compiled condition as stored JSON', () => {
  const texts = [
    'commission_members_present < 3',
    "opened_on_time = 'no' and overall_assessment = 'very_good'",
    'voters_voted <> closing.voters_voted',
    "time < stage_start or time > '18:00'",
    'not answered(ballot_box_sealed) or a and not b',
    'abs(voters_voted - closing.voters_voted) / station.registered_voters > -0.05 * -1',
  ];
  const values = fc.record(
    {
      commission_members_present: fc.option(fc.integer({ min: -2, max: 10 })),
      opened_on_time: fc.option(fc.constantFrom('yes', 'no')),
      overall_assessment: fc.option(fc.constantFrom('very_good', 'good', 'bad', 'very_bad')),
      ballot_box_sealed: fc.option(fc.constantFrom('yes', 'no')),
      voters_voted: fc.option(fc.integer({ min: 0, max: 50 })),
      'closing.voters_voted': fc.option(fc.integer({ min: 0, max: 50 })),
      'station.registered_voters': fc.option(fc.integer({ min: 0, max: 50 })),
      time: fc.option(fc.constantFrom('06:00', '7:30', '18:00', '18:01')),
      stage_start: fc.option(fc.constantFrom('07:00', '18:00')),
      a: fc.option(fc.boolean()),
      b: fc.option(fc.boolean()),
    },
    { requiredKeys: [] },
  );

  it.each(texts)('%s round-trips through JSON.stringify/parse and evaluates the same', (text) => {
    const condition = compiled(text);
    const stored = JSON.parse(JSON.stringify(condition)) as CompiledCondition;
    expect(stored).toEqual(condition);
    fc.assert(
      fc.property(values, (report) => {
        expect(evaluateCondition(stored, report)).toBe(evaluateCondition(condition, report));
      }),
      { numRuns: 300 },
    );
  });
});

describe('evaluateCondition never throws', () => {
  it('on any condition that compiles and any values, of the declared types or not', () => {
    const token = fc.constantFrom(
      ...Object.keys(schema),
      ...['and', 'or', 'not', '=', '<>', '<', '<=', '>', '>=', '+', '-', '*', '/', '(', ')', 'answered(', 'abs('],
      ...['0', '3', '0.5', "'yes'", "'good'", "'07:30'", 'true', 'false'],
    );
    const anyValue = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.string(),
      fc.constantFrom('yes', 'no', 'good', '07:30', '23:59:59', '12', ''),
    );
    const report = fc.dictionary(fc.constantFrom(...Object.keys(schema)), anyValue);
    let evaluated = 0;
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 12 }), report, (tokens, values) => {
        const result = compileCondition(tokens.join(' '), schema);
        if (!result.ok) return;
        evaluated++;
        expect(typeof evaluateCondition(result.condition, values)).toBe('boolean');
      }),
      { numRuns: 20000 },
    );
    // The random token lists must have given it real conditions to evaluate.
    expect(evaluated).toBeGreaterThan(100);
  });
});
