import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Storage = ReturnType<typeof getMetadataStorage>;
type Grouped = Record<string, ValidationMetadata[]>;

/**
 * class-validator looks up a class's rules afresh for every object it validates: it filters the
 * rule list, walks every decorated class in the app for inherited rules, and groups the result by
 * property, allocating new arrays each time, twice for a station visit's body (counted with a spy
 * on the lookup), a large share of a visit's CPU (docs/write-path.md). The rules are fixed once
 * the decorators have run, so the lookups are kept here,
 * and dropped whenever a rule is added (decorators of a module loaded later, a registered schema).
 *
 * The kept arrays and groupings are the ones class-validator built; it only reads them.
 */
export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): void {
  const marked = storage as Storage & { eomMetadataCache?: true };
  if (marked.eomMetadataCache) return;
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
}
