import fc from 'fast-check';
import { compileCondition, MAX_CONDITION_LENGTH, type ConditionSchema } from '.';

// The names an opening report's checks could use: its own answers, the station's figures, the same
// station's latest other report of another stage, and the stage's times.
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
  is_mobile_station: { kind: 'boolean' },
  'station.registered_voters': { kind: 'number' },
  'closing.voters_voted': { kind: 'number' },
  'opening.overall_assessment': { kind: 'text', values: ['very_good', 'good', 'bad', 'very_bad'] },
};

function errorsOf(text: string, names: ConditionSchema = schema): string[] {
  const result = compileCondition(text, names);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be refused`);
  return result.errors;
}

describe('compileCondition accepts', () => {
  it.each([
    ['commission_members_present < 3', ['commission_members_present']],
    ["opened_on_time = 'no' and overall_assessment = 'very_good'", ['opened_on_time', 'overall_assessment']],
    ['voters_voted > station.registered_voters', ['station.registered_voters', 'voters_voted']],
    ['voters_voted <> closing.voters_voted', ['closing.voters_voted', 'voters_voted']],
    ['time < stage_start or time > stage_end', ['stage_end', 'stage_start', 'time']],
    ['not answered(ballot_box_sealed)', ['ballot_box_sealed']],
    ['opening.overall_assessment <> overall_assessment', ['opening.overall_assessment', 'overall_assessment']],
  ])('the example %s, naming what it uses', (text, names) => {
    const result = compileCondition(text, schema);
    expect(result.ok && result.names).toEqual(names);
  });

  it.each([
    'opened_on_time == "no" && !(commission_members_present >= 3) || voters_voted != 0',
    'voters_voted * 2 - -1 > abs(voters_voted - closing.voters_voted) / 4 + 1',
    "time >= '07:00' and '8:30' > time",
    'is_mobile_station and not is_mobile_station = false',
    'answered(remarks) = true',
    "remarks <> 'anything at all'",
    '(((voters_voted)) > 0)',
    'closing . voters_voted > 0',
  ])('%s', (text) => {
    expect(compileCondition(text, schema).ok).toBe(true);
  });

  it('a chain of and (or of or) as one node, so a long chain is no deep nesting', () => {
    const terms = Array.from({ length: 45 }, (_, i) => `time <> '${String(i % 24).padStart(2, '0')}:00'`);
    const result = compileCondition(terms.join(' or '), schema);
    expect(result.ok && result.condition.root.op === 'or' && result.condition.root.args.length).toBe(45);
  });
});

describe('compileCondition refuses, saying why', () => {
  it('a syntax error, with its position', () => {
    expect(errorsOf('voters_voted > ')).toEqual(["syntax error at the end: expected a value after '>'"]);
    expect(errorsOf('(voters_voted > 1')).toEqual(["syntax error at the end: a '(' is not closed"]);
    expect(errorsOf("remarks = 'abc")).toEqual(['syntax error at the end: a quote is not closed']);
    expect(errorsOf('voters_voted > 1)')).toEqual(["syntax error at character 17: unexpected ')'"]);
    expect(errorsOf('3voters > 1')).toEqual(['syntax error at character 2: a name cannot start with a digit (3v)']);
  });

  it("JavaScript's other operators, saying what to write", () => {
    expect(errorsOf('voters_voted === 1')).toEqual([
      "syntax error at character 16: '===' is not an operator here; write = to compare",
    ]);
    expect(errorsOf('voters_voted !== 1')).toEqual([
      'syntax error at character 16: \'!==\' is not an operator here; write <> (or !=) for "is not"',
    ]);
    expect(errorsOf('voters_voted % 2 = 0')[0]).toMatch(/'%' is not an operator here/);
    expect(errorsOf('voters_voted & 1')[0]).toMatch(/'&' is not an operator here; write and/);
    expect(errorsOf('voters_voted | 1')[0]).toMatch(/'\|' is not an operator here; write or/);
    expect(errorsOf('voters_voted ** 2 > 1')[0]).toMatch(/'\*\*' is not an operator here/);
    expect(errorsOf('voters_voted << 1 > 1')[0]).toMatch(/'<<' is not an operator here/);
    expect(errorsOf('~voters_voted > 1')[0]).toMatch(/'~' is not an operator here/);
    expect(errorsOf('voters_voted => 1')[0]).toMatch(/'=>' is not an operator here; write >=/);
    expect(errorsOf('voters_voted ?? 1')[0]).toMatch(/'\?\?' is not an operator here/);
    expect(errorsOf('+voters_voted > 1')[0]).toMatch(/^syntax error at character 1/);
  });

  it('what jsep parses but the language does not have: ?:, this, lists, calls, a[b], a?.b, commas, null', () => {
    expect(errorsOf('is_mobile_station ? voters_voted > 1 : voters_voted > 2')).toEqual([
      'the ? : operator is not supported; combine conditions with and, or and not',
    ]);
    expect(errorsOf('this')[0]).toMatch(/^unknown name 'this'/);
    expect(errorsOf('[voters_voted] = 1')).toEqual(['lists in [ ] are not supported']);
    expect(errorsOf('closing[voters_voted] > 1')).toEqual([
      'a[...] is not supported; write a name with dots, as in closing.voters_voted',
    ]);
    expect(errorsOf("closing['voters_voted'] > 1")).toEqual([
      'a[...] is not supported; write a name with dots, as in closing.voters_voted',
    ]);
    expect(errorsOf('closing?.voters_voted > 1')[0]).toMatch(/'\?\.' is not supported/);
    expect(errorsOf("'abc'.length > 1")).toEqual(["'.' only joins the parts of a name, as in closing.voters_voted"]);
    expect(errorsOf('(voters_voted, 1) > 1')).toEqual(["a comma only separates a function's arguments"]);
    expect(errorsOf('voters_voted = null')).toEqual([
      'null is not a value here; to test for a missing answer write not answered(name)',
    ]);
  });

  it('an unknown name, suggesting the closest and listing the names', () => {
    expect(errorsOf('not answered(ballot_box_seald)')).toEqual([
      "unknown name 'ballot_box_seald' (did you mean 'ballot_box_sealed'?); the names are: " +
        'ballot_box_sealed, closing.voters_voted, commission_members_present, is_mobile_station, ' +
        'opened_on_time, opening.overall_assessment, overall_assessment, remarks, stage_end, stage_start, ' +
        'station.registered_voters, time, voters_voted',
    ]);
    expect(errorsOf('closing.voters_votd > 1')).toEqual([
      "unknown name 'closing.voters_votd' (did you mean 'closing.voters_voted'?); " +
        'the names starting closing. are: closing.voters_voted',
    ]);
    expect(errorsOf('turnout > 1')[0]).toMatch(/^unknown name 'turnout'; the names are: /);
  });

  it('an unknown name, listing at most 20 names', () => {
    const many: ConditionSchema = Object.fromEntries(
      Array.from({ length: 45 }, (_, i) => [`q${String(i).padStart(2, '0')}`, { kind: 'number' }]),
    );
    const [message] = errorsOf('q99 > 1', many);
    expect(message).toMatch(/the names are: q00, q01, .*, q19 and 25 more$/);
    expect(message.split(', ')).toHaveLength(20);
  });

  it("Object.prototype's members as names, since the schema is a plain object", () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(errorsOf(`${name} = 1`)[0]).toMatch(new RegExp(`^unknown name '${name}'`));
    }
  });

  it('and, or, not used as names: misplaced or written in capitals', () => {
    expect(errorsOf('voters_voted > 1 or')).toEqual(["'or' needs a condition on each side"]);
    expect(errorsOf('not')).toEqual(["'not' needs a condition after it"]);
    expect(errorsOf('voters_voted > 1 AND voters_voted < 9')).toEqual(['write and in lower case, not AND']);
    expect(errorsOf('voters_voted > 1 voters_voted < 9')).toEqual([
      'expected one condition but found 2 side by side; join conditions with and or or',
    ]);
  });

  it('a type error, naming both sides', () => {
    expect(errorsOf("commission_members_present = 'yes'")).toEqual([
      "commission_members_present is a number and 'yes' is text",
    ]);
    expect(errorsOf('time > voters_voted')).toEqual(['time is a time and voters_voted is a number']);
    expect(errorsOf('is_mobile_station = 1')).toEqual(['is_mobile_station is true or false and 1 is a number']);
    expect(errorsOf('voters_voted + remarks > 1')).toEqual(["'+' works on numbers, and remarks is text"]);
    expect(errorsOf('time + 1 > stage_start')).toEqual(["'+' works on numbers, and time is a time"]);
    expect(errorsOf('-remarks = 1')).toEqual(["'-' works on numbers, and remarks is text"]);
    expect(errorsOf("remarks < 'b'")).toEqual(["'<' compares numbers or times, and remarks is text; use = or <>"]);
    expect(errorsOf('voters_voted > 1 and voters_voted')).toEqual([
      "'and' joins conditions, and voters_voted is a number",
    ]);
  });

  it("not of a comparison without brackets, which reads as (not x) = 'yes'", () => {
    expect(errorsOf("not opened_on_time = 'yes'")).toEqual([
      "'not' works on conditions, and opened_on_time is text; " +
        'to negate a comparison put it in brackets, as in not (opened_on_time = ...)',
    ]);
    expect(compileCondition("not (opened_on_time = 'yes')", schema).ok).toBe(true);
  });

  it("a text literal that is not one of the name's words", () => {
    expect(errorsOf("opened_on_time = 'maybe'")).toEqual(["'maybe' is not a value of opened_on_time: yes, no"]);
    expect(errorsOf("'Yes' <> opened_on_time")).toEqual([
      "'Yes' is not a value of opened_on_time: yes, no (did you mean 'yes'?)",
    ]);
  });

  it('two text names that share no word', () => {
    expect(errorsOf('opened_on_time = overall_assessment')).toEqual([
      'opened_on_time and overall_assessment can never be equal: opened_on_time is one of yes, no, ' +
        'and overall_assessment one of very_good, good, bad, very_bad',
    ]);
  });

  it('a time literal outside 00:00-23:59 or not HH:MM', () => {
    for (const bad of ['24:00', '12:60', '7', '7:5', '07:00:00', 'noon', '']) {
      expect(errorsOf(`time < '${bad}'`)).toEqual([
        `'${bad}' is not a time; write a time of day as 'HH:MM', from '00:00' to '23:59'`,
      ]);
    }
  });

  it('a condition that is not true or false overall', () => {
    expect(errorsOf('voters_voted')).toEqual([
      'a condition must be true or false for a report, and voters_voted is a number; compare it, as in voters_voted = ...',
    ]);
    expect(errorsOf("'yes'")[0]).toMatch(/^a condition must be true or false for a report, and 'yes' is text/);
    expect(errorsOf('voters_voted - 1')[0]).toMatch(/and voters_voted - 1 is a number/);
  });

  it('an empty condition', () => {
    expect(errorsOf('')).toEqual(['the condition is empty']);
    expect(errorsOf('  \n\t ')).toEqual(['the condition is empty']);
  });

  it(`text longer than ${MAX_CONDITION_LENGTH} characters`, () => {
    const text = `voters_voted > 1${' '.repeat(MAX_CONDITION_LENGTH)}`;
    expect(errorsOf(text)).toEqual([`the condition is ${text.length} characters long; at most 1000 are allowed`]);
    expect(compileCondition(`voters_voted > 1${' '.repeat(MAX_CONDITION_LENGTH - 16)}`, schema).ok).toBe(true);
  });

  it('nesting deeper than 32 levels', () => {
    const nested = (depth: number) => `${'('.repeat(depth)}voters_voted${' + 1)'.repeat(depth)} > 0`;
    // The comparison, then one level per bracket, then the name inside.
    expect(compileCondition(nested(30), schema).ok).toBe(true);
    expect(errorsOf(nested(31))).toEqual(['the condition is nested too deeply: at most 32 levels']);
    expect(errorsOf(`${'not '.repeat(40)}is_mobile_station`)).toEqual([
      'the condition is nested too deeply: at most 32 levels',
    ]);
    // Brackets around a single piece leave no trace in the tree, so they are no nesting.
    expect(compileCondition(`${'('.repeat(400)}voters_voted${')'.repeat(400)} > 0`, schema).ok).toBe(true);
  });

  it('an unknown function, or a function given the wrong arguments', () => {
    expect(errorsOf('max(voters_voted, 1) > 1')).toEqual([
      "unknown function 'max'; the functions are answered(name) and abs(number)",
    ]);
    expect(errorsOf('Math.abs(voters_voted) > 1')).toEqual([
      "unknown function 'Math.abs'; the functions are answered(name) and abs(number)",
    ]);
    expect(errorsOf('answerd(remarks)')).toEqual([
      "unknown function 'answerd' (did you mean answered?); the functions are answered(name) and abs(number)",
    ]);
    expect(errorsOf('answered(remarks, time)')).toEqual([
      'answered(...) takes one name, as in answered(ballot_box_sealed)',
    ]);
    expect(errorsOf('answered()')).toEqual(['answered(...) takes one name, as in answered(ballot_box_sealed)']);
    expect(errorsOf("answered('remarks')")).toEqual([
      'answered(...) takes one name, as in answered(ballot_box_sealed)',
    ]);
    expect(errorsOf('abs(voters_voted, 1) > 1')).toEqual([
      'abs(...) takes one number, as in abs(voters_voted - closing.voters_voted)',
    ]);
    expect(errorsOf('abs(remarks) > 1')).toEqual(['abs(...) takes a number, and remarks is text']);
    expect(errorsOf('answered')).toEqual(['answered is a function: write answered(...)']);
  });

  it('every problem it finds, each once', () => {
    expect(errorsOf("turnout > 1 and opened_on_time = 'maybe' or turnout < 0")).toEqual([
      expect.stringMatching(/^unknown name 'turnout'/),
      "'maybe' is not a value of opened_on_time: yes, no",
    ]);
  });

  it('a very long piece in a message, cut short', () => {
    const sum = Array.from({ length: 8 }, () => 'station.registered_voters').join(' + ');
    const [message] = errorsOf(`${sum} = 'yes'`);
    expect(message).toMatch(/^station.registered_voters \+ station.*… is a number and 'yes' is text$/);
    expect(message.length).toBeLessThan(120);
  });
});

describe('compileCondition never throws', () => {
  it('on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (text) => {
        const result = compileCondition(text, schema);
        expect(result.ok || result.errors.length > 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("on text made of the language's own pieces", () => {
    const token = fc.constantFrom(
      ...Object.keys(schema),
      ...['and', 'or', 'not', '&&', '||', '!', '=', '==', '<>', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/'],
      ...['(', ')', '(', ')', ',', '.', '[', ']', '?', ':', ';', 'answered(', 'abs(', 'max(', 'this', 'null'],
      ...['0', '3', '1.5', '1e999', "'yes'", "'maybe'", "'07:30'", "'25:00'", '"no"', "'", 'true', 'false'],
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), fc.constantFrom(' ', ''), (tokens, gap) => {
        const result = compileCondition(tokens.join(gap), schema);
        expect(result.ok || result.errors.length > 0).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('on a value that is not text at all', () => {
    const notText: unknown[] = [undefined, null, 42, {}, ['a']];
    for (const value of notText) {
      expect(compileCondition(value as string, schema)).toEqual({
        ok: false,
        errors: ['the condition must be text'],
      });
    }
  });
});
