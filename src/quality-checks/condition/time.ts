// A literal in a condition is exactly a time of day; a report's value may also carry seconds,
// which are dropped because conditions compare to the minute.
const LITERAL_TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const VALUE_TIME = /^([01]?\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?$/;

/** Minutes after midnight of a time literal 'HH:MM' (00:00 to 23:59), or null if it is not one. */
export function literalMinutes(text: string): number | null {
  return minutes(LITERAL_TIME.exec(text));
}

/** Minutes after midnight of a report's time value 'HH:MM' or 'HH:MM:SS', or null if it is not one. */
export function valueMinutes(text: string): number | null {
  return minutes(VALUE_TIME.exec(text));
}

function minutes(match: RegExpExecArray | null): number | null {
  return match === null ? null : Number(match[1]) * 60 + Number(match[2]);
}
