import { existsSync } from 'node:fs';
import { AppError } from '@civicgrid/domain';
import { type Bulletin, bulletinTables } from './bulletin';

/** Where the CJK font is looked for: `CIVICGRID_CJK_FONT`, then Debian's fonts-noto-cjk. */
const FONT_CANDIDATES = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular' },
];

/** 503: the renderer or its font is not installed here (the JSON and CSV bulletins still work). */
export class DocumentRendererUnavailable extends AppError {
  constructor(message: string) {
    super(503, 'document_renderer_unavailable', message);
    this.name = 'DocumentRendererUnavailable';
  }
}

/** The CJK font to embed: a file path and, for a collection (.ttc), the face's PostScript name. */
export function cjkFont(env: Record<string, string | undefined> = process.env): { path: string; family?: string } {
  const configured = env.CIVICGRID_CJK_FONT;
  if (configured) {
    if (!existsSync(configured)) throw new DocumentRendererUnavailable(`CIVICGRID_CJK_FONT ${configured} not found`);
    return { path: configured, ...(env.CIVICGRID_CJK_FONT_FAMILY ? { family: env.CIVICGRID_CJK_FONT_FAMILY } : {}) };
  }
  const found = FONT_CANDIDATES.find((f) => existsSync(f.path));
  if (!found) throw new DocumentRendererUnavailable('No CJK font installed (Debian: fonts-noto-cjk)');
  return found;
}

/** Loads an optional renderer package (pdfkit, write-excel-file) on first use; missing → 503. */
export async function load<T>(specifier: string): Promise<T> {
  try {
    return (await import(/* @vite-ignore */ specifier)) as T;
  } catch {
    throw new DocumentRendererUnavailable(`${specifier} is not installed`);
  }
}

/** The bulletin as a printable A4 landscape PDF with the CJK font embedded (subset). */
export async function bulletinPdf(b: Bulletin): Promise<Buffer> {
  const font = cjkFont();
  const { default: PDFDocument } = await load<{ default: typeof import('pdfkit') }>('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 36,
    info: { Title: `${b.tenant.name} ${b.month} 月度通报`, Producer: 'CivicGrid' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.path, font.family);
  doc.font('cjk');
  doc.fontSize(18).text(`${b.tenant.name} 网格化服务管理月度通报（${b.month}）`, { align: 'center' });
  doc.moveDown(0.5);
  const t = b.totals;
  const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)}%`);
  doc
    .fontSize(10)
    .text(
      `统计期间 ${b.from} 至 ${b.to}。应结案 ${t.dueForClose} 件，结案 ${t.closed} 件，结案率 ${pct(t.closeRate)}；` +
        `按期结案 ${t.closedOnTime} 件，按期结案率 ${pct(t.onTimeCloseRate)}；超期未结 ${t.overdueOpen} 件；` +
        `督办 ${b.supervision.escalated} 次（上月 ${b.supervision.previous} 次）；满意率 ${pct(t.satisfactionRate)}。`,
    );
  const width = doc.page.width - 72;
  for (const table of bulletinTables(b)) {
    doc.moveDown(0.8);
    doc.fontSize(13).text(table.title, 36);
    doc.moveDown(0.3);
    const colWidth = width / table.header.length;
    const row = (cells: string[], size: number) => {
      if (doc.y > doc.page.height - 60) doc.addPage();
      const y = doc.y;
      doc.fontSize(size);
      let height = 0;
      cells.forEach((cell, i) => {
        doc.text(cell, 36 + i * colWidth, y, { width: colWidth - 4, lineBreak: true });
        height = Math.max(height, doc.y - y);
      });
      doc.x = 36;
      doc.y = y + height + 3;
    };
    row(table.header, 9);
    for (const r of table.rows) row(r, 9);
    if (table.rows.length === 0) doc.fontSize(9).text('（无）', 36);
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** The bulletin as an .xlsx workbook (one sheet, the tables one below the other). */
export async function bulletinXlsx(b: Bulletin): Promise<Buffer> {
  const { default: writeExcelFile } = await load<{
    default: (data: unknown[][]) => { toBuffer(): Promise<Buffer> };
  }>('write-excel-file/node');
  const data: unknown[][] = [[{ value: `${b.tenant.name} ${b.month} 月度通报`, fontWeight: 'bold' }]];
  for (const table of bulletinTables(b)) {
    data.push([], [{ value: table.title, fontWeight: 'bold' }]);
    data.push(table.header.map((value) => ({ value, fontWeight: 'bold' })));
    for (const r of table.rows) data.push(r.map((value) => ({ value })));
  }
  return writeExcelFile(data).toBuffer();
}
