import type jsep from 'jsep';
import { BINARY_PRECEDENCE, type CoreExpression, type Expression } from './parse';
import { closestOf, FUNCTIONS, listOf, misusedWord, unknownNameMessage } from './names';
import { literalMinutes } from './time';
import type { Arithmetic, Comparison, ConditionNode, ConditionSchema, Kind } from './types';

/** Deepest nesting of brackets, operators and functions; a chain of and (or of or) counts once. */
export const MAX_DEPTH = 32;

/** A checked piece of the condition: its compiled node, its type, and what messages call it. */
export interface Typed {
  node: ConditionNode;
  kind: Kind;
  /** The piece as the coordinator wrote it, brackets restored by `precedence`. */
  text: string;
  precedence: number;
  /** Set when the piece is a name from the schema. */
  name?: string;
  /** The allowed words of a text name. */
  values?: readonly string[];
  /** Set when the piece is a text literal. */
  literal?: string;
}

export type CheckResult = { ok: true; typed: Typed; names: string[] } | { ok: false; errors: string[] };

const OPERATORS: Readonly<Record<string, 'and' | 'or' | Comparison | Arithmetic>> = {
  or: 'or',
  '||': 'or',
  and: 'and',
  '&&': 'and',
  '=': '=',
  '==': '=',
  '<>': '<>',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
};
const ORDERINGS: ReadonlySet<string> = new Set(['<', '<=', '>', '>=']);
const UNARY_PRECEDENCE = 11;
const ATOM = 12;
const SAID_LENGTH = 60;
const A_KIND: Readonly<Record<Kind, string>> = {
  number: 'a number',
  text: 'text',
  time: 'a time',
  boolean: 'true or false',
};

/** Types jsep's tree against the schema and compiles it; every problem found is an error. */
export function checkTypes(expression: Expression, schema: ConditionSchema): CheckResult {
  const checker = new Checker(schema);
  const typed = checker.check(expression, 1);
  if (typed === null || checker.errors.length > 0) return { ok: false, errors: checker.errors };
  return { ok: true, typed, names: [...checker.names].sort() };
}

class Checker {
  readonly errors: string[] = [];
  readonly names = new Set<string>();

  constructor(private readonly schema: ConditionSchema) {}

  /** Records a message (once, however often it is found) and stands for the piece that failed. */
  private fail(message: string): null {
    if (!this.errors.includes(message)) this.errors.push(message);
    return null;
  }

  check(expression: Expression, depth: number): Typed | null {
    if (depth > MAX_DEPTH) return this.fail(`the condition is nested too deeply: at most ${MAX_DEPTH} levels`);
    const node = expression as CoreExpression;
    switch (node.type) {
      case 'Literal':
        return this.literal(node);
      case 'Identifier':
        return this.name(node.name);
      case 'ThisExpression':
        return this.name('this');
      case 'MemberExpression':
        return this.member(node);
      case 'CallExpression':
        return this.call(node, depth);
      case 'UnaryExpression':
        return this.unary(node, depth);
      case 'BinaryExpression':
        return this.binary(node, depth);
      case 'ConditionalExpression':
        return this.fail('the ? : operator is not supported; combine conditions with and, or and not');
      case 'ArrayExpression':
        return this.fail('lists in [ ] are not supported');
      case 'SequenceExpression':
        return this.fail("a comma only separates a function's arguments");
      case 'Compound':
        return this.fail(compoundMessage(node.body));
      default:
        return this.fail('the condition could not be read');
    }
  }

  private literal(node: jsep.Literal): Typed | null {
    const { value, raw } = node;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return this.fail(`the number ${raw} is too large`);
      return { node: { op: 'value', value }, kind: 'number', text: raw, precedence: ATOM };
    }
    if (typeof value === 'string') {
      return { node: { op: 'value', value }, kind: 'text', text: raw, precedence: ATOM, literal: value };
    }
    if (typeof value === 'boolean') {
      return { node: { op: 'value', value }, kind: 'boolean', text: raw, precedence: ATOM };
    }
    return this.fail(`${raw} is not a value this language knows`);
  }

  private name(name: string): Typed | null {
    // Own keys only: 'constructor' or 'toString' must not find Object.prototype's members.
    if (!Object.hasOwn(this.schema, name)) return this.fail(unknownNameMessage(name, this.schema));
    const type = this.schema[name];
    this.names.add(name);
    const typed: Typed = {
      node: { op: 'name', name, kind: type.kind },
      kind: type.kind,
      text: name,
      precedence: ATOM,
      name,
    };
    if (type.kind === 'text' && type.values !== undefined) typed.values = type.values;
    return typed;
  }

  /** `closing.voters_voted` is one name, 'closing.voters_voted', not a lookup. */
  private member(node: jsep.MemberExpression): Typed | null {
    const parts: string[] = [];
    let current: CoreExpression = node;
    while (current.type === 'MemberExpression') {
      if (current.computed)
        return this.fail('a[...] is not supported; write a name with dots, as in closing.voters_voted');
      if (current.optional === true)
        return this.fail("'?.' is not supported; write a name with dots, as in closing.voters_voted");
      const property = current.property as CoreExpression;
      if (property.type !== 'Identifier') return this.fail('a name has words between its dots');
      parts.unshift(property.name);
      current = current.object as CoreExpression;
    }
    if (current.type !== 'Identifier')
      return this.fail("'.' only joins the parts of a name, as in closing.voters_voted");
    parts.unshift(current.name);
    return this.name(parts.join('.'));
  }

  private call(node: jsep.CallExpression, depth: number): Typed | null {
    const callee = node.callee as CoreExpression;
    const functionName = calleeName(callee);
    const args = node.arguments;
    if (functionName === 'answered') {
      const target = args.length === 1 ? (args[0] as CoreExpression) : null;
      if (target === null || (target.type !== 'Identifier' && target.type !== 'MemberExpression')) {
        return this.fail('answered(...) takes one name, as in answered(ballot_box_sealed)');
      }
      const named = this.check(target, depth + 1);
      if (named === null || named.name === undefined) return null;
      return {
        node: { op: 'answered', name: named.name, kind: named.kind },
        kind: 'boolean',
        text: `answered(${named.text})`,
        precedence: ATOM,
      };
    }
    if (functionName === 'abs') {
      if (args.length !== 1)
        return this.fail('abs(...) takes one number, as in abs(voters_voted - closing.voters_voted)');
      const arg = this.check(args[0], depth + 1);
      if (arg === null) return null;
      if (arg.kind !== 'number') return this.fail(`abs(...) takes a number, and ${said(arg)} is ${A_KIND[arg.kind]}`);
      return { node: { op: 'abs', arg: arg.node }, kind: 'number', text: `abs(${arg.text})`, precedence: ATOM };
    }
    if (functionName !== null) {
      const closest = closestOf(functionName, ['answered', 'abs']);
      const guess = closest === null ? '' : ` (did you mean ${closest}?)`;
      return this.fail(`unknown function '${functionName}'${guess}; the functions are ${FUNCTIONS}`);
    }
    return this.fail(`only the functions ${FUNCTIONS} can be called`);
  }

  private unary(node: jsep.UnaryExpression, depth: number): Typed | null {
    const arg = this.check(node.argument, depth + 1);
    if (arg === null) return null;
    const shown = wrap(arg, UNARY_PRECEDENCE);
    if (node.operator === '-') {
      if (arg.kind !== 'number') return this.fail(`'-' works on numbers, and ${said(arg)} is ${A_KIND[arg.kind]}`);
      // A negative number literal is stored as one value.
      const negated: ConditionNode =
        arg.node.op === 'value' && typeof arg.node.value === 'number'
          ? { op: 'value', value: -arg.node.value }
          : { op: 'neg', arg: arg.node };
      return { node: negated, kind: 'number', text: `-${shown}`, precedence: UNARY_PRECEDENCE };
    }
    if (arg.kind !== 'boolean') {
      // `not x = 'yes'` reads as (not x) = 'yes', as in JavaScript: say how to write the intent.
      return this.fail(
        `'${node.operator}' works on conditions, and ${said(arg)} is ${A_KIND[arg.kind]}; ` +
          `to negate a comparison put it in brackets, as in not (${said(arg)} = ...)`,
      );
    }
    const spacer = node.operator === 'not' ? ' ' : '';
    return {
      node: { op: 'not', arg: arg.node },
      kind: 'boolean',
      text: `${node.operator}${spacer}${shown}`,
      precedence: UNARY_PRECEDENCE,
    };
  }

  private binary(node: jsep.BinaryExpression, depth: number): Typed | null {
    const op = OPERATORS[node.operator];
    if (op === undefined) return this.fail(`'${node.operator}' is not an operator here`);
    const precedence = BINARY_PRECEDENCE[node.operator];
    if (op === 'and' || op === 'or') return this.logical(op, node, precedence, depth);
    const left = this.check(node.left, depth + 1);
    const right = this.check(node.right, depth + 1);
    if (left === null || right === null) return null;
    if (op === '+' || op === '-' || op === '*' || op === '/') {
      for (const side of [left, right]) {
        if (side.kind !== 'number')
          return this.fail(`'${op}' works on numbers, and ${said(side)} is ${A_KIND[side.kind]}`);
      }
      return joined(op, left, right, 'number', precedence);
    }
    return this.compare(op, left, right, precedence);
  }

  /** a and b and c is one node with three conditions, so long chains do not count as nesting. */
  private logical(op: 'and' | 'or', node: jsep.BinaryExpression, precedence: number, depth: number): Typed | null {
    const operands: Expression[] = [];
    gather(op, node, operands);
    const args: Typed[] = [];
    for (const operand of operands) {
      const arg = this.check(operand, depth + 1);
      if (arg === null) continue;
      if (arg.kind !== 'boolean') this.fail(`'${op}' joins conditions, and ${said(arg)} is ${A_KIND[arg.kind]}`);
      args.push(arg);
    }
    if (args.length < operands.length || args.some((arg) => arg.kind !== 'boolean')) return null;
    return {
      node: { op, args: args.map((arg) => arg.node) },
      kind: 'boolean',
      text: args.map((arg) => wrap(arg, precedence + 1)).join(` ${op} `),
      precedence,
    };
  }

  private compare(op: Comparison, left: Typed, right: Typed, precedence: number): Typed | null {
    // Beside a time, a text literal is a time of day.
    if (left.kind === 'time' && right.literal !== undefined) {
      const time = this.timeLiteral(right);
      if (time === null) return null;
      right = time;
    }
    if (right.kind === 'time' && left.literal !== undefined) {
      const time = this.timeLiteral(left);
      if (time === null) return null;
      left = time;
    }
    if (left.kind !== right.kind) {
      return this.fail(`${said(left)} is ${A_KIND[left.kind]} and ${said(right)} is ${A_KIND[right.kind]}`);
    }
    if (ORDERINGS.has(op) && (left.kind === 'text' || left.kind === 'boolean')) {
      return this.fail(`'${op}' compares numbers or times, and ${said(left)} is ${A_KIND[left.kind]}; use = or <>`);
    }
    if (!this.sameWords(left, right) || !this.sameWords(right, left)) return null;
    return joined(op, left, right, 'boolean', precedence);
  }

  private timeLiteral(typed: Typed): Typed | null {
    const minutes = literalMinutes(typed.literal ?? '');
    if (minutes === null)
      return this.fail(`${said(typed)} is not a time; write a time of day as 'HH:MM', from '00:00' to '23:59'`);
    return { node: { op: 'value', value: minutes }, kind: 'time', text: typed.text, precedence: ATOM };
  }

  /** A text name with allowed words is compared only with one of them, or with a name sharing one. */
  private sameWords(named: Typed, other: Typed): boolean {
    const words = named.values;
    if (words === undefined) return true;
    if (other.literal !== undefined && !words.includes(other.literal)) {
      const closest = closestOf(other.literal, words);
      const guess = closest === null ? '' : ` (did you mean '${closest}'?)`;
      this.fail(`${said(other)} is not a value of ${said(named)}: ${listOf(words)}${guess}`);
      return false;
    }
    if (other.values !== undefined && !other.values.some((word) => words.includes(word))) {
      this.fail(
        `${said(named)} and ${said(other)} can never be equal: ` +
          `${said(named)} is one of ${listOf(words)}, and ${said(other)} one of ${listOf(other.values)}`,
      );
      return false;
    }
    return true;
  }
}

function joined(op: Comparison | Arithmetic, left: Typed, right: Typed, kind: Kind, precedence: number): Typed {
  return {
    node: { op, left: left.node, right: right.node },
    kind,
    // Left-associative: a right operand of the same strength needs its brackets back.
    text: `${wrap(left, precedence)} ${op} ${wrap(right, precedence + 1)}`,
    precedence,
  };
}

/** A piece as a message names it: long pieces are cut, since the coordinator has the whole text. */
export function said(typed: { text: string }): string {
  return typed.text.length <= SAID_LENGTH ? typed.text : `${typed.text.slice(0, SAID_LENGTH - 1)}…`;
}

function wrap(typed: Typed, precedence: number): string {
  return typed.precedence < precedence ? `(${typed.text})` : typed.text;
}

/** `max` or `Math.max` as written, or null when what is called is no name at all. */
function calleeName(callee: CoreExpression): string | null {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type !== 'MemberExpression' || callee.computed) return null;
  const object = calleeName(callee.object as CoreExpression);
  const property = callee.property as CoreExpression;
  return object === null || property.type !== 'Identifier' ? null : `${object}.${property.name}`;
}

/** The operands of a chain of one logical operator, however it is bracketed, in order. */
function gather(op: 'and' | 'or', expression: Expression, out: Expression[]): void {
  const node = expression as CoreExpression;
  if (node.type === 'BinaryExpression' && OPERATORS[node.operator] === op) {
    gather(op, node.left, out);
    gather(op, node.right, out);
  } else {
    out.push(expression);
  }
}

/** jsep reads `a = 1 b = 2`, `a; b` or `a = 1 AND b = 2` as several expressions side by side. */
function compoundMessage(body: Expression[]): string {
  if (body.length === 0) return 'the condition is empty';
  for (const part of body as CoreExpression[]) {
    const message = part.type === 'Identifier' ? misusedWord(part.name) : null;
    if (message !== null) return message;
  }
  return `expected one condition but found ${body.length} side by side; join conditions with and or or`;
}
