/** Where in a JSON body a bad value goes: the keys and indexes from the body down to it. */
export type BodyPath = (string | number)[];

/** The field a 400 names for `path`, as class-validator writes nested fields: questions.0.code. */
export const fieldName = (path: BodyPath) => path.join('.');

/** Paths of every string in `value` (values of objects and arrays, at any depth). */
export function stringPaths(value: unknown, path: BodyPath = []): BodyPath[] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  }
  return [];
}

/** Paths of every plain object in `value`, the body itself first. */
export function objectPaths(value: unknown, path: BodyPath = []): BodyPath[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => objectPaths(v, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return [path, ...Object.entries(value).flatMap(([k, v]) => objectPaths(v, [...path, k]))];
  }
  return [];
}

/** Paths of every key of an object in `value`. */
export function keyPaths(value: unknown): BodyPath[] {
  return objectPaths(value).flatMap((path) => Object.keys(at(value, path) as object).map((k) => [...path, k]));
}

function at(value: unknown, path: BodyPath): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value);
}

/** Own data property, even for `__proto__`, which `=` would take for the prototype. */
function define(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A copy of `body` with the value at `path` replaced. */
export function withValueAt<T>(body: T, path: BodyPath, value: unknown): T {
  if (path.length === 0) return value as T;
  const copy = structuredClone(body);
  define(at(copy, path.slice(0, -1)) as object, path[path.length - 1], value);
  return copy;
}

/** A copy of `body` with `key: value` added to the object at `path`. */
export function withKeyAt<T>(body: T, path: BodyPath, key: string, value: unknown): T {
  const copy = structuredClone(body);
  define(at(copy, path) as object, key, value);
  return copy;
}

/** A copy of `body` with the key at `path` renamed (its value kept). */
export function withKeyRenamed<T>(body: T, path: BodyPath, name: string): T {
  const copy = structuredClone(body);
  const parent = at(copy, path.slice(0, -1)) as Record<string, unknown>;
  const old = String(path[path.length - 1]);
  const value = parent[old];
  delete parent[old];
  define(parent, name, value);
  return copy;
}
