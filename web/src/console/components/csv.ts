/**
 * CSV text for Excel — BOM, CRLF, RFC 4180 quoting, and formula-looking cells (`= + - @`, tab, CR) neutralised with
 * a leading `'` — from the one shared definition the server's reports use too (no zod: a file with no imports).
 */
export { toCsv } from '@civicgrid/domain/csv';

/** Saves text as a file in the browser (no server round trip). */
export function download(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

/** Saves a blob (generated here or fetched from the API) as a file. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
