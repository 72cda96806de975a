/**
 * CSV for Excel, one definition for every export (the console's downloads import it as `@civicgrid/domain/csv`,
 * the API's reports through the package): no imports here, so the web bundle gets this file and nothing else.
 */

/** Text a spreadsheet would evaluate (a formula, DDE) when it begins a cell: `= + - @`, tab, carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell: text beginning like a formula gets a leading `'` (shown as text, never run, e.g. a tenant named
 * `=HYPERLINK(…)`), then RFC 4180 quoting when it holds a comma, quote or line break. Finite numbers stay numbers
 * (a negative count is not a formula); null and undefined are empty.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  const text = String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A whole file: UTF-8 BOM (so Excel reads Chinese headers), CRLF line ends, every cell through `csvCell`. */
export function toCsv(headers: readonly unknown[], rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${[headers, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
