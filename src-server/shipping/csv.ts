import { parse } from 'csv-parse/sync';
import { MAX_CSV_BYTES } from '../../src-shared/shipping/api';
import { HttpError } from '../http-error';

/**
 * Reads an uploaded CSV file: refuses empty, too large and non-UTF-8 files
 * with a message that says which, and malformed CSV with the line it broke on.
 * Returns the header (lower-cased, trimmed) and the data rows.
 */
export function readCsv(bytes: Uint8Array, requiredColumns: readonly string[]): { header: string[]; rows: string[][] } {
  if (bytes.byteLength === 0)
    throw new HttpError(422, 'CSV_EMPTY', 'The file is empty. Choose a CSV file with a header row.');
  if (bytes.byteLength > MAX_CSV_BYTES) throw csvTooLarge(bytes.byteLength);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new HttpError(422, 'CSV_NOT_UTF8', 'The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.');
  }
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new HttpError(
      422,
      'CSV_MALFORMED',
      `The file is not valid CSV${line ? ` (near line ${line})` : ''}: check quotes and separators.`,
    );
  }
  const [headerRow, ...rows] = records;
  if (!headerRow || headerRow.every((cell) => cell === '')) {
    throw new HttpError(422, 'CSV_EMPTY', 'The file is empty. Choose a CSV file with a header row.');
  }
  const header = headerRow.map((cell) => cell.trim().toLowerCase());
  const missing = requiredColumns.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new HttpError(
      422,
      'CSV_HEADER',
      `The header row is missing ${missing.join(', ')}. The first row must be: ${requiredColumns.join(',')}`,
    );
  }
  if (rows.length === 0) throw new HttpError(422, 'CSV_EMPTY', 'The file has a header row but no data rows.');
  return { header, rows };
}

/** The error for a file over the limit (also used when the HTTP layer stops reading). */
export function csvTooLarge(bytes?: number): HttpError {
  const size = bytes === undefined ? 'too large' : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return new HttpError(
    413,
    'CSV_TOO_LARGE',
    `The file is ${size}; the limit is ${MAX_CSV_BYTES / 1024 / 1024} MB. Split it into smaller files.`,
  );
}

/** One record as an object keyed by header name. */
export function recordOf(header: readonly string[], row: readonly string[]): Record<string, string> {
  return Object.fromEntries(header.map((name, i) => [name, row[i] ?? '']));
}

function cell(value: string | number | boolean): string {
  const text = String(value);
  // Quote when needed; neutralise leading = + - @ so spreadsheets do not run it as a formula.
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Writes rows as CSV (RFC 4180, CRLF line ends). */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean)[])[]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
