import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { csvCell, ValidationError } from '@civicgrid/domain';
import type { SheetColumn } from './module';

/** Spreadsheet formats accepted on import and offered on export. */
export const sheetFormats = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
} as const;
export type SheetFormat = keyof typeof sheetFormats;

/** exceljs is large: loaded on first use, so requests that never touch a spreadsheet never load it. */
const loadExcel = async () => (await import('exceljs')).default;

/** One data row of a file: its 1-based row number in the sheet (the header is row 1) and its cells by field. */
export interface SheetRow {
  row: number;
  cells: Record<string, string>;
}

/** A cell as text: dates as `YYYY-MM-DD`, rich text and formulas by their shown text. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.result !== undefined) return cellText(v.result);
    if (v.text !== undefined) return String(v.text);
  }
  return String(value).trim();
}

/**
 * Read the first sheet of an .xlsx or .csv file. The header row maps each column to a field by its Chinese
 * header, an alias or the field name itself; unknown columns are ignored; a file without the required headers
 * is refused as a whole (400 naming the missing columns).
 */
export async function readSheet(
  bytes: Uint8Array,
  format: SheetFormat,
  columns: readonly SheetColumn[],
): Promise<SheetRow[]> {
  const Excel = await loadExcel();
  const workbook = new Excel.Workbook();
  let sheet: import('exceljs').Worksheet | undefined;
  try {
    if (format === 'xlsx') {
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
      sheet = workbook.worksheets[0];
    } else {
      // every value stays text: an 18-digit ID number must never become a float
      sheet = await workbook.csv.read(Readable.from([Buffer.from(bytes)]), {
        map: (value: unknown) => value,
        parserOptions: { trim: true },
      } as never);
    }
  } catch {
    throw new ValidationError('The file is not a readable spreadsheet', [
      { path: 'file', message: `not a valid ${format} file` },
    ]);
  }
  if (!sheet) return [];
  const header = sheet.getRow(1);
  const fieldOf = new Map<number, string>();
  header.eachCell((cell, col) => {
    const name = cellText(cell.value)
      .replace(/^\uFEFF/, '')
      .replace(/\*$/, '')
      .trim();
    const column = columns.find((c) => c.header === name || c.field === name || c.aliases?.includes(name));
    if (column) fieldOf.set(col, column.field);
  });
  const present = new Set(fieldOf.values());
  const missing = columns.filter((c) => c.required && !present.has(c.field));
  if (missing.length > 0) {
    throw new ValidationError(
      'The header row lacks required columns',
      missing.map((c) => ({ path: c.field, message: `column ${c.header} is missing` })),
    );
  }
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Record<string, string> = {};
    for (const [col, field] of fieldOf) cells[field] = cellText(r.getCell(col).value);
    if (Object.values(cells).some((v) => v !== '')) rows.push({ row: rowNumber, cells });
  });
  return rows;
}

/** Write rows under the Chinese headers; every cell is text (ID numbers keep all 18 digits). */
export async function writeSheet(
  columns: readonly SheetColumn[],
  rows: AsyncIterable<Record<string, string>> | Iterable<Record<string, string>>,
  format: SheetFormat,
): Promise<Uint8Array> {
  const Excel = await loadExcel();
  const workbook = new Excel.Workbook();
  const sheet = workbook.addWorksheet('data');
  sheet.columns = columns.map((c) => ({
    header: c.required ? `${c.header}*` : c.header,
    key: c.field,
    width: 18,
    style: { numFmt: '@' },
  }));
  for await (const row of rows) sheet.addRow(row);
  const out = format === 'xlsx' ? await workbook.xlsx.writeBuffer() : await workbook.csv.writeBuffer();
  const bytes = new Uint8Array(out as ArrayBuffer);
  // a UTF-8 BOM so Excel opens the Chinese headers of a CSV correctly
  return format === 'csv' ? new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]) : bytes;
}

/**
 * The same file as `writeSheet`, streamed: rows are pulled from `rows` (page by page from the store) only as fast
 * as the client reads, written by exceljs's streaming workbook writer (each row committed, no shared strings
 * table) or as CSV lines (every cell through `csvCell`: formula-looking text is neutralised), so an export of
 * 100k people holds a few pages and the zip window in memory, never the whole sheet. A failure while streaming
 * aborts the download (the client sees a broken transfer, not a truncated file that looks whole).
 */
export function streamSheet(
  columns: readonly SheetColumn[],
  rows: AsyncIterable<Record<string, string>> | Iterable<Record<string, string>>,
  format: SheetFormat,
): ReadableStream<Uint8Array> {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  const headers = columns.map((c) => (c.required ? `${c.header}*` : c.header));
  /** wait while the reader is behind (the buffer is full), so rows are read no faster than they are sent */
  const pace = async () => {
    if (out.writableNeedDrain) await once(out, 'drain');
  };
  const produce = async () => {
    if (format === 'csv') {
      out.write(`\uFEFF${headers.map(csvCell).join(',')}\r\n`);
      for await (const row of rows) {
        if (!out.write(`${columns.map((c) => csvCell(row[c.field] ?? '')).join(',')}\r\n`)) await pace();
      }
      out.end();
      return;
    }
    const Excel = await loadExcel();
    const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet('data');
    sheet.columns = columns.map((c, i) => ({
      header: headers[i],
      key: c.field,
      width: 18,
      style: { numFmt: '@' },
    }));
    for await (const row of rows) {
      sheet.addRow(row).commit();
      await pace();
    }
    sheet.commit();
    await workbook.commit();
  };
  produce().catch((error: unknown) => out.destroy(error as Error));
  return Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>;
}
