import { cjkFont, load } from '../stats/bulletin-documents';

/** One block of a printed document: a heading and its paragraphs. */
export interface DocumentSection {
  heading?: string;
  lines: string[];
}

/**
 * A printable A4 document (调解协议书, 信访答复意见书, …) with the CJK font embedded (subset), the same renderer and
 * font as the monthly bulletin: pdfkit loaded on first use, Noto CJK from Debian's fonts-noto-cjk.
 */
export async function documentPdf(doc: {
  title: string;
  subtitle?: string;
  sections: DocumentSection[];
  footer?: string[];
}): Promise<Buffer> {
  const font = cjkFont();
  const { default: PDFDocument } = await load<{ default: typeof import('pdfkit') }>('pdfkit');
  const pdf = new PDFDocument({ size: 'A4', margin: 56, info: { Title: doc.title, Producer: 'CivicGrid' } });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    pdf.on('end', () => resolve());
    pdf.on('error', reject);
  });
  pdf.registerFont('cjk', font.path, font.family);
  pdf.font('cjk');
  pdf.fontSize(20).text(doc.title, { align: 'center' });
  if (doc.subtitle) pdf.moveDown(0.3).fontSize(10).text(doc.subtitle, { align: 'center' });
  pdf.moveDown(1);
  for (const section of doc.sections) {
    if (section.heading) pdf.fontSize(13).text(section.heading).moveDown(0.2);
    pdf.fontSize(11);
    for (const line of section.lines) pdf.text(line, { lineGap: 4 });
    pdf.moveDown(0.8);
  }
  if (doc.footer) {
    pdf.moveDown(2).fontSize(11);
    for (const line of doc.footer) pdf.text(line, { align: 'right' });
  }
  pdf.end();
  await done;
  return Buffer.concat(chunks);
}

/** A date as printed on a Chinese document: 2026年12月2日 (China time). */
export function chineseDate(iso: string | undefined): string {
  if (!iso) return '____年__月__日';
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
