/**
 * Names no field, query parameter or question code of the API may have: the members of
 * Object.prototype, and `prototype`. class-transformer skips a key naming an inherited function
 * and Nest's validation pipe deletes `constructor` and `prototype`, so such a key was silently
 * dropped where any other unknown key is refused.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

export function isPrototypeKey(key: string): boolean {
  return PROTOTYPE_KEYS.has(key);
}
