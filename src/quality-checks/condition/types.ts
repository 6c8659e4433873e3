/** The type of a value a condition may name. */
export type ValueType =
  | { kind: 'number' }
  /** `values`: the allowed words (yes/no questions, choices, enums); a literal outside them is refused. */
  | { kind: 'text'; values?: readonly string[] }
  /** A wall-clock time, 'HH:MM'. */
  | { kind: 'time' }
  | { kind: 'boolean' };

export type Kind = ValueType['kind'];

/**
 * The names a condition may use and their types, e.g. { commission_members_present: { kind: 'number' },
 * 'station.registered_voters': { kind: 'number' }, 'closing.voters_voted': { kind: 'number' }, time: { kind: 'time' } }
 */
export type ConditionSchema = Record<string, ValueType>;

/** One report's values by name; null or undefined is a missing answer. */
export type ConditionValues = Readonly<Record<string, string | number | boolean | null | undefined>>;

export type Comparison = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type Arithmetic = '+' | '-' | '*' | '/';

/**
 * One node of a compiled condition. A name node keeps its kind so that evaluation can read the
 * report's raw value as that kind; a time literal is held as minutes after midnight.
 */
export type ConditionNode =
  | { op: 'value'; value: number | string | boolean }
  | { op: 'name'; name: string; kind: Kind }
  | { op: 'answered'; name: string; kind: Kind }
  | { op: 'not' | 'neg' | 'abs'; arg: ConditionNode }
  | { op: 'and' | 'or'; args: ConditionNode[] }
  | { op: Comparison | Arithmetic; left: ConditionNode; right: ConditionNode };

/**
 * A checked condition: plain JSON, stored beside its text. `version` changes if the node shapes do,
 * so a stored condition of another version is compiled again from its text.
 */
export type CompiledCondition = { version: 1; root: ConditionNode };

export type CompileResult =
  { ok: true; condition: CompiledCondition; names: string[] } | { ok: false; errors: string[] };
