/**
 * Text that either engine would not store as sent: U+0000 (PostgreSQL's text cannot hold it, and
 * SQLite's JSON unpacking of a batch insert cuts the text there) and a UTF-16 surrogate without
 * its other half (both store U+FFFD instead). Refused wherever a client's text comes in (JSON
 * bodies, query strings, CSV cells), so what a write answers is what a later read returns.
 */
// eslint-disable-next-line no-control-regex -- U+0000 is one of the characters it finds
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` cannot be stored as sent, or null when it can. */
export function unstorableTextReason(text: string): string | null {
  const found = UNSTORABLE.exec(text);
  if (found === null) return null;
  return found[0] === '\u0000'
    ? 'must not contain the NUL character (U+0000)'
    : `must not contain an unpaired UTF-16 surrogate (U+${found[0].charCodeAt(0).toString(16).toUpperCase()}); send valid Unicode text`;
}
