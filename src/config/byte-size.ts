/**
 * A size as the settings write it (JSON_BODY_LIMIT, CSV_BODY_LIMIT): bytes, or kb / mb of 1024.
 * The env check and the parser share this one pattern, so what starts is what parses.
 */
export const BYTE_SIZE = /^(\d+)(b|kb|mb)?$/i;

/** "1mb", "500kb", "1048576" in bytes (surrounding spaces ignored); throws for what BYTE_SIZE refuses. */
export function parseByteSize(size: string): number {
  const match = BYTE_SIZE.exec(size.trim());
  if (!match) throw new Error(`Not a size: ${size}`);
  const unit = (match[2] ?? 'b').toLowerCase();
  return Number(match[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}
