import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type ValidationMetadata = ReturnType<Storage['getTargetValidationMetadatas']>[number];
type Grouped = Record<string, ValidationMetadata[]>;

/**
 * The storage's methods replaced here, with the number of parameters each takes in class-validator
 * 0.14.4 (pinned). A lookup is kept per its five: a release that adds one is left uncached.
 */
const REPLACED = { getTargetValidationMetadatas: 5, groupByPropertyName: 1, addValidationMetadata: 1 } as const;

/**
 * class-validator looks up a class's rules afresh for every object it validates: it filters the
 * rule list, walks every decorated class in the app for inherited rules, and groups the result by
 * property, allocating new arrays each time, twice for a station visit's body (counted with a spy
 * on the lookup), a large share of a visit's CPU (docs/write-path.md). The rules are fixed once
 * the decorators have run, so the lookups are kept here,
 * and dropped whenever a rule is added (decorators of a module loaded later, a registered schema).
 *
 * The kept arrays and groupings are the ones class-validator built; it only reads them. This is the
 * one place that replaces class-validator's methods (docs/write-path.md, "Library internals we
 * touch"); a class-validator whose storage lacks them, or takes other parameters, is left as it is,
 * uncached, and answers false (the spec fails then).
 */
export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): boolean {
  const marked = storage as Storage & { eomMetadataCache?: true };
  if (marked.eomMetadataCache) return true;
  const fits = Object.entries(REPLACED).every(([name, parameters]) => {
    const method: unknown = Reflect.get(storage, name);
    return typeof method === 'function' && method.length === parameters;
  });
  if (!fits) return false;
  marked.eomMetadataCache = true;

  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  let byTarget = new Map<unknown, Map<string, ValidationMetadata[]>>();
  // Keyed by the lookup's own array: a new lookup after a rule was added is a new key.
  const grouped = new WeakMap<ValidationMetadata[], Grouped>();

  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let forTarget = byTarget.get(target);
    if (!forTarget) byTarget.set(target, (forTarget = new Map<string, ValidationMetadata[]>()));
    let found = forTarget.get(key);
    if (!found) forTarget.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.groupByPropertyName = (metadata) => {
    let found = grouped.get(metadata);
    if (!found) grouped.set(metadata, (found = group(metadata)));
    return found;
  };

  const addMetadata = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    byTarget = new Map();
    addMetadata(metadata);
  };
  return true;
}
