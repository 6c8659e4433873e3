import type { FastifyError, FastifyInstance } from 'fastify';
import { isPrototypeKey } from '../prototype-keys';
import { unstorableTextReason } from '../storable-text';
import { badRequestFromFieldErrors, FieldError } from '../validation';
import { droppedPrototypeKeys } from './query-string';

/**
 * What the API refuses in a parsed body or query before any handler sees it: text neither engine
 * stores as sent, in values and keys, and keys named like Object.prototype's members. Each error
 * names its field as class-validator does (questions.0.code). Recursive: the caller bounds the
 * depth (MAX_JSON_DEPTH for bodies, qs's depth for queries).
 */
export function inputErrors(value: unknown, field = ''): FieldError[] {
  const errors: FieldError[] = [];
  collect(value, field, errors);
  return errors;
}

function collect(value: unknown, field: string, errors: FieldError[]): void {
  if (typeof value === 'string') {
    const reason = unstorableTextReason(value);
    if (reason !== null) errors.push({ field, message: `${field || 'the body'} ${reason}` });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => collect(item, join(field, index), errors));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = join(field, key);
      const reason = unstorableTextReason(key);
      if (reason !== null) errors.push({ field: at, message: `the name of this field ${reason}` });
      else if (isPrototypeKey(key)) errors.push({ field: at, message: `property ${key} should not exist` });
      collect(item, at, errors);
    }
  }
}

type ParserDone = (error: Error | null, body?: unknown) => void;

/**
 * Wraps a JSON parser's callback: Fastify's parser refuses `__proto__` (and constructor.prototype)
 * as "not valid JSON"; such a body is refused instead naming its fields, as inputErrors would.
 */
export function namingRefusedKeys(text: string, done: ParserDone): ParserDone {
  return (error, body) => {
    if (error === null) return done(null, body);
    let errors: FieldError[] = [];
    try {
      errors = inputErrors(JSON.parse(text));
    } catch {
      // Not JSON at all: Fastify's error says so.
    }
    done(errors.length ? badRequestFromFieldErrors(errors) : error, undefined);
  };
}

const join = (parent: string, key: string | number) => (parent === '' ? String(key) : `${parent}.${key}`);

/**
 * Refuses, with one 400 naming every bad field, a request whose query or JSON body holds what
 * inputErrors finds. A preValidation hook: after the body is parsed (and its depth checked), before
 * the validation pipe or a handler. A CSV body is a string, checked cell by cell by readCsv.
 */
export function installInputChecks(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (req, _reply, done) => {
    const errors = droppedPrototypeKeys(req.query).map((key) => ({
      field: key,
      message: 'property __proto__ should not exist',
    }));
    errors.push(...inputErrors(req.query));
    if (typeof req.body === 'object') errors.push(...inputErrors(req.body));
    // Nest's error handler answers an HttpException in the API's shape, from a hook as from a handler.
    done(errors.length ? (badRequestFromFieldErrors(errors) as unknown as FastifyError) : undefined);
  });
}
