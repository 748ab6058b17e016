/**
 * The Zoho stand-in's PDF of a sales order (what `GET /salesorders/:id?accept=pdf` answers).
 */
export interface PdfSalesOrder {
  salesorder_number: string;
  customer_name: string;
  date: string;
  reference_number: string;
  status: string;
  currency_code: string;
  line_items: { name: string; quantity: number; rate: number; item_total: number }[];
  sub_total: number;
  tax_total: number;
  shipping_charge: number;
  total: number;
}

const PAGE_WIDTH = 595; // A4 in points
const PAGE_HEIGHT = 842;
const MAX_ROWS = 30;
/** Helvetica glyph widths (1/1000 em) for the characters of formatted amounts, to right-align them. */
const AMOUNT_WIDTHS: Record<string, number> = { ".": 278, ",": 278, "-": 333, " ": 278 };
/** WinAnsi codes of the common characters outside Latin-1; anything else outside it prints as "?". */
const WIN_ANSI: Record<string, number> = { "€": 0x80, "…": 0x85, "‘": 0x91, "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95, "–": 0x96, "—": 0x97 };

/**
 * A one-page PDF of the sales order, built by hand with the standard Helvetica fonts (no embedded
 * font, so text outside WinAnsi, Arabic included, prints as "?"; the document title keeps it as
 * UTF-16). Enough for clients to fetch, store and forward it, and for tests to read it with pdftotext.
 */
export function salesOrderPdf(order: PdfSalesOrder): Buffer {
  const ops: string[] = [];
  const text = (x: number, y: number, value: string, size = 10, bold = false) =>
    ops.push(`BT /${bold ? "F2" : "F1"} ${size} Tf ${x} ${y} Td (${pdfString(value)}) Tj ET`);
  const amount = (right: number, y: number, value: string, size = 10, bold = false) =>
    text(right - amountWidth(value, size), y, value, size, bold);

  text(50, 790, "SALES ORDER", 20, true);
  text(50, 765, order.salesorder_number, 12, true);
  text(50, 740, `Customer: ${order.customer_name}`);
  text(50, 725, `Date: ${order.date}`);
  if (order.reference_number) text(50, 710, `Reference: ${order.reference_number}`);
  text(300, 740, `Status: ${order.status}`);
  text(300, 725, `Currency: ${order.currency_code}`);

  let y = 670;
  text(50, y, "Item", 10, true);
  amount(370, y, "Qty", 10, true);
  amount(460, y, "Rate", 10, true);
  amount(545, y, "Amount", 10, true);
  ops.push(`0.5 w 50 ${y - 6} m 545 ${y - 6} l S`);
  const shown = order.line_items.length > MAX_ROWS ? order.line_items.slice(0, MAX_ROWS - 1) : order.line_items;
  for (const line of shown) {
    y -= 18;
    text(50, y, truncate(line.name, 48));
    amount(370, y, String(line.quantity));
    amount(460, y, line.rate.toFixed(2));
    amount(545, y, line.item_total.toFixed(2));
  }
  if (shown.length < order.line_items.length) {
    y -= 18;
    text(50, y, `... and ${order.line_items.length - shown.length} more lines`);
  }
  y -= 12;
  ops.push(`0.5 w 300 ${y} m 545 ${y} l S`);
  y -= 18;
  text(300, y, "Sub Total");
  amount(545, y, order.sub_total.toFixed(2));
  y -= 16;
  text(300, y, "Tax");
  amount(545, y, order.tax_total.toFixed(2));
  if (order.shipping_charge > 0) {
    y -= 16;
    text(300, y, "Shipping Charges");
    amount(545, y, order.shipping_charge.toFixed(2));
  }
  y -= 20;
  text(300, y, `Total (${order.currency_code})`, 12, true);
  amount(545, y, order.total.toFixed(2), 12, true);

  const content = ops.join("\n");
  const title = `Sales Order ${order.salesorder_number} - ${order.customer_name}`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    `<< /Title <FEFF${Buffer.from(title, "utf16le").swap16().toString("hex").toUpperCase()}> /Producer (Zoho stand-in) >>`,
  ];
  // Everything above is ASCII (pdfString escapes other bytes), so string lengths are byte offsets.
  let pdf = "%PDF-1.4\n";
  const offsets = objects.map((body, index) => {
    const offset = pdf.length;
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n${xref}\n%%EOF`;
  return Buffer.from(pdf, "ascii");
}

/** A PDF literal string in WinAnsi, ASCII only: parentheses and backslashes escaped, other bytes as octal. */
function pdfString(value: string): string {
  let out = "";
  for (const char of value) {
    const code = WIN_ANSI[char] ?? char.codePointAt(0)!;
    if (char === "(" || char === ")" || char === "\\") out += `\\${char}`;
    else if (code < 0x20) out += " ";
    else if (code < 0x7f) out += char;
    else if (code >= 0xa0 && code <= 0xff) out += `\\${code.toString(8)}`;
    else if (WIN_ANSI[char] !== undefined) out += `\\${code.toString(8)}`;
    else out += "?";
  }
  return out;
}

function amountWidth(value: string, size: number): number {
  let width = 0;
  for (const char of value) width += AMOUNT_WIDTHS[char] ?? (/[0-9]/.test(char) ? 556 : 600);
  return (width * size) / 1000;
}

function truncate(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, max - 3).join("")}...`;
}
