import { renderSVG } from 'uqr';

/** What one operation label shows; `qr` is the scanned text SF1:OP:<no>:<seq>. */
export interface OperationLabel {
  workOrderNo: string;
  itemCode: string;
  itemName: string;
  qty: string;
  due: string;
  seq: number;
  operationName: string;
  workshop: string;
  qr: string;
}

// A4 in millimetres: two columns of four labels, 90 × 65 mm each.
const PAGE = { width: 210, height: 297, margin: 10 };
const LABEL = { width: 90, height: 65, gapX: 10, gapY: 5 };
const COLUMNS = 2;
const ROWS = 4;
export const LABELS_PER_PAGE = COLUMNS * ROWS;
const QR_SIZE = 42;
const FONT =
  "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/** One A4 SVG page per eight labels, in the given order. */
export function renderLabelPages(labels: readonly OperationLabel[], title: string): string[] {
  const pages: string[] = [];
  for (let start = 0; start < Math.max(labels.length, 1); start += LABELS_PER_PAGE) {
    const body = labels
      .slice(start, start + LABELS_PER_PAGE)
      .map((label, i) => renderLabel(label, labelOrigin(i)))
      .join('');
    pages.push(svgDocument(PAGE.height, `${title}${pages.length ? ` (${pages.length + 1})` : ''}`, body));
  }
  return pages;
}

/** The whole sheet as one SVG: pages stacked top to bottom, each A4 high. */
export function renderLabelSheetSvg(labels: readonly OperationLabel[], title: string): string {
  const pages = renderLabelPages(labels, title);
  const body = pages
    .map((page, i) => `<g transform="translate(0 ${i * PAGE.height})">${innerOf(page)}</g>`)
    .join('');
  return svgDocument(PAGE.height * pages.length, title, body);
}

/** A print-friendly page: one A4 SVG per sheet, page breaks between them. */
export function renderLabelSheetHtml(labels: readonly OperationLabel[], title: string): string {
  const pages = renderLabelPages(labels, title)
    .map((svg) => `<section class="page">${svg.replace(/^<\?xml[^>]*>/, '')}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeXml(title)}</title>
<style>
  @page { size: A4; margin: 0; }
  html, body { margin: 0; padding: 0; background: #eee; font-family: ${FONT}; }
  .page { width: 210mm; height: 297mm; margin: 8mm auto; background: #fff; page-break-after: always; break-after: page; }
  .page svg { display: block; width: 210mm; height: 297mm; }
  @media print { body { background: #fff; } .page { margin: 0; } }
</style>
</head>
<body>
${pages}
</body>
</html>
`;
}

function labelOrigin(indexOnPage: number): { x: number; y: number } {
  const column = indexOnPage % COLUMNS;
  const row = Math.floor(indexOnPage / COLUMNS);
  return {
    x: PAGE.margin + column * (LABEL.width + LABEL.gapX),
    y: PAGE.margin + row * (LABEL.height + LABEL.gapY),
  };
}

function renderLabel(label: OperationLabel, at: { x: number; y: number }): string {
  const qr = renderSVG(label.qr, { ecc: 'M', border: 2 }).replace(
    /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
    `<svg x="${at.x + 2}" y="${at.y + 10}" width="${QR_SIZE}" height="${QR_SIZE}"`,
  );
  const textX = at.x + QR_SIZE + 5;
  const textWidth = LABEL.width - QR_SIZE - 7;
  const line = (dy: number, size: number, text: string, weight = 'normal') =>
    `<text x="${textX}" y="${at.y + dy}" font-size="${size}" font-weight="${weight}">${escapeXml(fit(text, textWidth, size))}</text>`;
  return [
    `<g class="label" data-qr="${escapeXml(label.qr)}">`,
    `<rect x="${at.x}" y="${at.y}" width="${LABEL.width}" height="${LABEL.height}" rx="2" fill="none" stroke="#000" stroke-width="0.3" stroke-dasharray="1 1"/>`,
    `<text x="${at.x + 3}" y="${at.y + 7}" font-size="5" font-weight="bold">${escapeXml(fit(`工单 ${label.workOrderNo}`, LABEL.width - 6, 5))}</text>`,
    qr,
    line(16, 7, `${label.seq}`, 'bold'),
    line(24, 4.5, label.operationName, 'bold'),
    line(32, 3.2, `物料 ${label.itemCode}`),
    line(37, 3.2, label.itemName),
    line(43, 3.2, `车间 ${label.workshop}`),
    line(48, 3.2, `数量 ${label.qty}  交期 ${label.due}`),
    `<text x="${at.x + 3}" y="${at.y + LABEL.height - 4}" font-size="3" font-family="monospace">${escapeXml(label.qr)}</text>`,
    '</g>',
  ].join('');
}

function svgDocument(heightMm: number, title: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${PAGE.width}mm" height="${heightMm}mm" viewBox="0 0 ${PAGE.width} ${heightMm}" font-family="${FONT.replaceAll("'", '&apos;')}"><title>${escapeXml(title)}</title><rect width="${PAGE.width}" height="${heightMm}" fill="#fff"/>${body}</svg>
`;
}

function innerOf(svg: string): string {
  return svg
    .slice(svg.indexOf('>', svg.indexOf('<svg')) + 1, svg.lastIndexOf('</svg>'))
    .replace(/<title>[^<]*<\/title>/, '');
}

/** Shortens text to the width a line has: CJK glyphs are about 1 em wide, Latin about 0.55 em. */
function fit(text: string, widthMm: number, fontSizeMm: number): string {
  let width = 0;
  let out = '';
  for (const ch of text) {
    width += (ch.codePointAt(0)! > 0x2e80 ? 1 : 0.58) * fontSizeMm;
    if (width > widthMm) return `${out.slice(0, -1)}…`;
    out += ch;
  }
  return out;
}

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}
