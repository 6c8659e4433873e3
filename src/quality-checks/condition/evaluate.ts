import { valueMinutes } from './time';
import type { CompiledCondition, ConditionNode, ConditionValues, Kind } from './types';

/** A value while evaluating; null is unknown (a missing answer, or what depends on one). */
type Result = number | string | boolean | null;

const NUMBER_TEXT = /^\s*-?\d+(?:\.\d+)?\s*$/;

/**
 * Whether `condition` flags a report with these values. Logic is three-valued, as in SQL: a missing
 * answer makes what depends on it unknown, and an unknown condition does not flag. Values of the
 * wrong type count as missing, so no value makes this throw.
 */
export function evaluateCondition(condition: CompiledCondition, values: ConditionValues): boolean {
  if (condition.version !== 1) {
    throw new Error(`unknown compiled condition version ${String(condition.version)}; compile its text again`);
  }
  return evaluate(condition.root, values) === true;
}

function evaluate(node: ConditionNode, values: ConditionValues): Result {
  switch (node.op) {
    case 'value':
      return node.value;
    case 'name':
      return read(values, node.name, node.kind);
    case 'answered':
      return read(values, node.name, node.kind) !== null;
    case 'not': {
      const value = evaluate(node.arg, values);
      return value === null ? null : !value;
    }
    case 'neg': {
      const value = evaluate(node.arg, values);
      return value === null ? null : -(value as number);
    }
    case 'abs': {
      const value = evaluate(node.arg, values);
      return value === null ? null : Math.abs(value as number);
    }
    case 'and': {
      // false wins over unknown: one false answer settles it whatever the missing ones are.
      let unknown = false;
      for (const arg of node.args) {
        const value = evaluate(arg, values);
        if (value === false) return false;
        if (value === null) unknown = true;
      }
      return unknown ? null : true;
    }
    case 'or': {
      let unknown = false;
      for (const arg of node.args) {
        const value = evaluate(arg, values);
        if (value === true) return true;
        if (value === null) unknown = true;
      }
      return unknown ? null : false;
    }
    default: {
      const left = evaluate(node.left, values);
      if (left === null) return null;
      const right = evaluate(node.right, values);
      if (right === null) return null;
      // The checker let through only numbers and times (minutes) to ordering and arithmetic.
      const l = left as number;
      const r = right as number;
      switch (node.op) {
        case '=':
          return left === right;
        case '<>':
          return left !== right;
        case '<':
          return l < r;
        case '<=':
          return l <= r;
        case '>':
          return l > r;
        case '>=':
          return l >= r;
        case '+':
          return finite(l + r);
        case '-':
          return finite(l - r);
        case '*':
          return finite(l * r);
        case '/':
          return r === 0 ? null : finite(l / r);
        default:
          throw new Error(`unknown operator in a compiled condition: ${String((node as { op: unknown }).op)}`);
      }
    }
  }
}

/** An overflow to Infinity (or NaN from it) is no number a report could have: unknown. */
function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** The report's value of `name` as its kind, or null when it is missing or not of that kind. */
function read(values: ConditionValues, name: string, kind: Kind): Result {
  // Own keys only: a name such as 'constructor' must not read Object.prototype's members.
  const raw = Object.hasOwn(values, name) ? values[name] : undefined;
  if (raw === null || raw === undefined) return null;
  switch (kind) {
    case 'number':
      // Answers may arrive as the text of a number.
      if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
      return typeof raw === 'string' && NUMBER_TEXT.test(raw) ? Number(raw) : null;
    case 'text':
      // Blank text is no answer.
      return typeof raw === 'string' && /\S/.test(raw) ? raw : null;
    case 'time':
      return typeof raw === 'string' ? valueMinutes(raw) : null;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : null;
    default:
      return null;
  }
}
