import type { ConditionSchema } from './types';

/** How many names or words a message lists before it says how many more there are. */
const LISTED = 20;

export const FUNCTIONS = 'answered(name) and abs(number)';

/** `items` joined for a message, at most LISTED of them. */
export function listOf(items: readonly string[]): string {
  if (items.length <= LISTED) return items.join(', ');
  return `${items.slice(0, LISTED).join(', ')} and ${items.length - LISTED} more`;
}

/** The message for a name that is not in the schema: what was probably meant, and what there is. */
export function unknownNameMessage(name: string, schema: ConditionSchema): string {
  const special = misusedWord(name);
  if (special !== null) return special;
  const all = Object.keys(schema).sort();
  if (all.length === 0) return `unknown name '${name}'; this check can use no names`;
  const closest = closestOf(name, all);
  const guess = closest === null ? '' : ` (did you mean '${closest}'?)`;
  // For 'closing.voters_votd', the names under 'closing.' are the useful list.
  const dot = name.lastIndexOf('.');
  const prefix = dot > 0 ? name.slice(0, dot + 1) : '';
  const under = prefix === '' ? [] : all.filter((n) => n.startsWith(prefix));
  if (under.length > 0) return `unknown name '${name}'${guess}; the names starting ${prefix} are: ${listOf(under)}`;
  return `unknown name '${name}'${guess}; the names are: ${listOf(all)}`;
}

/** A message for a word that reads as a name but was meant as part of the language, or null. */
export function misusedWord(word: string): string | null {
  if (word === 'and' || word === 'or') return `'${word}' needs a condition on each side`;
  if (word === 'not') return "'not' needs a condition after it";
  const lower = word.toLowerCase();
  if (lower === 'and' || lower === 'or' || lower === 'not') return `write ${lower} in lower case, not ${word}`;
  if (lower === 'null' || lower === 'undefined') {
    return `${word} is not a value here; to test for a missing answer write not answered(name)`;
  }
  if (word === 'answered' || word === 'abs') return `${word} is a function: write ${word}(...)`;
  return null;
}

/** The candidate nearest to `word` in spelling, if one is near enough to be a likely typo. */
export function closestOf(word: string, candidates: readonly string[]): string | null {
  const lower = word.toLowerCase();
  const allowed = Math.max(1, Math.floor(word.length / 3));
  let best: string | null = null;
  let bestDistance = allowed + 1;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - word.length) >= bestDistance) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance: insertions, deletions and substitutions, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(previous[j] + 1, row[j - 1] + 1, substitution));
    }
    previous = row;
  }
  return previous[b.length];
}
