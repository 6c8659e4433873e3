import { badRequestFromFieldErrors, FieldError } from '../common/validation';

/**
 * Parses `?values=po:yes,jo:no,n/a:` into a lookup from the file's word (matched ignoring case
 * and surrounding spaces) to ours; an empty right side means "not answered". The first colon
 * splits, so a file's own word cannot contain one, but ours can.
 */
export function parseValueMapping(spec: string | undefined): Map<string, string> {
  const mapping = new Map<string, string>();
  if (spec === undefined || spec.trim() === '') return mapping;
  const errors: FieldError[] = [];
  for (const part of spec.split(',')) {
    const pair = part.trim();
    if (pair === '') continue;
    const colon = pair.indexOf(':');
    const from = (colon < 0 ? pair : pair.slice(0, colon)).trim().toLowerCase();
    if (colon < 0 || from === '') {
      errors.push({ field: 'values', message: `values: "${pair}" must be written <word in your file>:<our value>` });
    } else if (mapping.has(from)) {
      errors.push({ field: 'values', message: `values: "${from}" is mapped more than once` });
    } else {
      mapping.set(from, pair.slice(colon + 1).trim());
    }
  }
  if (errors.length) throw badRequestFromFieldErrors(errors);
  return mapping;
}

/** A cell translated through the mapping; words the mapping does not name pass unchanged. */
export function mapValue(mapping: ReadonlyMap<string, string>, cell: string): string {
  return mapping.get(cell.trim().toLowerCase()) ?? cell.trim();
}

/** Parses `?ignore=votersList,comment` into the set of file headers an import leaves out. */
export function parseIgnoredColumns(spec: string | undefined): Set<string> {
  return new Set(
    (spec ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== ''),
  );
}
