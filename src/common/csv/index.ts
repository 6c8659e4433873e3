/**
 * CSV imports, shared by every importer (stations, observers, checklists).
 *
 *   const sheet = readCsv(csvText(body), {
 *     columns: [{ field: 'code', required: true }, { field: 'latitude' }],
 *     mapping: query.columns,                // `?columns=code:qvKod,...`; bad mapping -> 400
 *   });                                      // unreadable/empty file, missing columns -> 400
 *   for (const row of sheet.rows) {          // row.line = physical line, header is line 1
 *     const code = row.requiredText('code', { maxLength: 64 });
 *     const lat = row.number('latitude', { min: -90, max: 90 });   // null when empty or bad
 *     if (seen.has(code)) row.error('code', 'repeats line 7');     // your own rules
 *     if (!row.hasErrors) records.push({ line: row.line, code, lat });
 *   }
 *   sheet.errors.throwIfAny();               // 400 { message: 'N rows have errors', totalErrors,
 *                                            //       errors: [{ line, column, message }] }
 *
 * Getters (text, requiredText, integer, number, oneOf, list, date, raw) trim the cell, take
 * OUR snake_case field name and report errors under the file's own header name. `sheet.has(f)`
 * says whether the file has a column for f (so an upsert can leave absent columns alone).
 * Errors found after reading (e.g. against the database) go through `row.error()` or
 * `sheet.errors.add(line, column, message)`. Listed errors are capped at MAX_LISTED_ERRORS;
 * `totalErrors` counts them all. Queries take CsvImportQueryDto (`columns`, `mode`).
 */
export * from './csv-errors';
export * from './csv-http';
export * from './csv-import.dto';
export * from './csv-reader';
export * from './csv-text';
