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
  collect(value, field === '' ? [] : [field], errors);
  return errors;
}

// The path is joined only for an error: on the way of every request, most bodies have none.
function collect(value: unknown, path: (string | number)[], errors: FieldError[]): void {
  if (typeof value === 'string') {
    const reason = unstorableTextReason(value);
    if (reason !== null) errors.push({ field: path.join('.'), message: `${path.join('.') || 'the body'} ${reason}` });
  } else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      collect(value[index], path, errors);
      path.pop();
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      path.push(key);
      const reason = unstorableTextReason(key);
      if (reason !== null) errors.push({ field: path.join('.'), message: `the name of this field ${reason}` });
      else if (isPrototypeKey(key)) errors.push({ field: path.join('.'), message: `property ${key} should not exist` });
      collect((value as Record<string, unknown>)[key], path, errors);
      path.pop();
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
    // Nest's error handler turns an HttpException into the API's error shape, from a hook as from a handler.
    done(errors.length ? (badRequestFromFieldErrors(errors) as unknown as FastifyError) : undefined);
  });
}
