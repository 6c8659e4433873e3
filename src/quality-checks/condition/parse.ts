import jsep from 'jsep';

export type Expression = jsep.Expression;
export type CoreExpression = jsep.CoreExpression;

/** Binding strength of each operator jsep accepts (higher binds tighter), as in JavaScript. */
export const BINARY_PRECEDENCE: Readonly<Record<string, number>> = {
  or: 1,
  '||': 1,
  and: 2,
  '&&': 2,
  '=': 6,
  '==': 6,
  '<>': 6,
  '!=': 6,
  '<': 7,
  '<=': 7,
  '>': 7,
  '>=': 7,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
};
const UNARY_OPERATORS = ['-', '!', 'not'];

// jsep's operator and literal tables are global to the process, so they are set here, once, when
// this module is first loaded, and nowhere else. JavaScript's other operators (===, %, bitwise,
// ??, unary +) and the `null` literal are taken out, so they are syntax errors, not surprises.
// What jsep cannot be configured out of (?:, this, [ ], calls, a[b]) is refused by check-types.ts.
jsep.removeAllBinaryOps();
jsep.removeAllUnaryOps();
jsep.removeAllLiterals();
for (const [operator, precedence] of Object.entries(BINARY_PRECEDENCE)) jsep.addBinaryOp(operator, precedence);
for (const operator of UNARY_OPERATORS) jsep.addUnaryOp(operator);
jsep.addLiteral('true', true);
jsep.addLiteral('false', false);

export type ParseResult = { ok: true; expression: Expression } | { ok: false; error: string };

/** jsep's tree of `text`, or a syntax error naming the character (counted from 1) where it was found. */
export function parseText(text: string): ParseResult {
  try {
    return { ok: true, expression: jsep(text) };
  } catch (error) {
    return { ok: false, error: syntaxMessage(text, error) };
  }
}

// Operators from JavaScript or SQL habits that the language does not have, with what to write.
const FOREIGN_OPERATORS: readonly [string, string][] = [
  ['===', 'write = to compare'],
  ['!==', 'write <> (or !=) for "is not"'],
  ['=>', 'write >= for "at least"'],
  ['=<', 'write <= for "at most"'],
  ['**', 'there is no power operator'],
  ['??', 'to test for a missing answer write answered(name)'],
  ['<<', 'there are no bitwise operators'],
  ['>>', 'there are no bitwise operators'],
  ['%', 'there is no remainder operator'],
  ['&', 'write and (or &&)'],
  ['|', 'write or (or ||)'],
  ['^', 'there are no bitwise operators'],
  ['~', 'there are no bitwise operators'],
];

function syntaxMessage(text: string, error: unknown): string {
  const { index, description } = (error ?? {}) as { index?: unknown; description?: unknown };
  if (typeof index !== 'number' || typeof description !== 'string') return 'the condition could not be read';
  const where = index >= text.length ? 'syntax error at the end' : `syntax error at character ${index + 1}`;
  for (const [operator, advice] of FOREIGN_OPERATORS) {
    // jsep stops on or just after such an operator: find one that covers the error's position.
    for (let start = Math.max(0, index - operator.length + 1); start <= index; start++) {
      if (text.startsWith(operator, start)) return `${where}: '${operator}' is not an operator here; ${advice}`;
    }
  }
  return `${where}: ${plainDescription(description)}`;
}

/** jsep's error descriptions in the words the rest of the module uses. */
function plainDescription(description: string): string {
  let match: RegExpExecArray | null;
  if ((match = /^Expected expression after (.+)$/.exec(description))) return `expected a value after '${match[1]}'`;
  if ((match = /^Unexpected "(.*)"$/.exec(description)) || (match = /^Unexpected (?:token )?(.*)$/.exec(description))) {
    return match[1] === '' ? 'the condition ends too soon' : `unexpected '${match[1]}'`;
  }
  if (description === 'Unclosed (') return "a '(' is not closed";
  if (description === 'Unclosed [') return "a '[' is not closed";
  if (description.startsWith('Unclosed quote')) return 'a quote is not closed';
  if (description === 'Expected comma') return "expected a comma between a function's arguments";
  if (description === 'missing unaryOp argument') return 'expected a value after the operator';
  if ((match = /^Variable names cannot start with a number \((.*)\)$/.exec(description))) {
    return `a name cannot start with a digit (${match[1]})`;
  }
  if (description.startsWith('Expected exponent')) return 'a number is not complete';
  if (description === 'Expected :' || description === 'Expected expression') return 'expected a value';
  return description.charAt(0).toLowerCase() + description.slice(1);
}
