import type { QuotationRow } from "../../adapters/db/quotations-repo";
import type { Config } from "../../core/config";
import { deliveryLine, formatAed, lineTotalAed, quotationTotals } from "../../core/domain/quotation";
import { secretsMatch } from "../../lib/secure-compare";

const encoder = new TextEncoder();

/**
 * Quotation documents are fetched by Wazzup (to deliver them to WhatsApp), which cannot send our
 * admin token, so their links carry an HMAC of the quotation id and an expiry time instead:
 * unguessable, bound to one quotation, valid for DOCUMENT_LINK_TTL_DAYS, and checked in constant
 * time. A link that leaks (a forwarded chat, a browser history) stops working on its own.
 */
async function signature(config: Config, payload: string): Promise<string | null> {
  const secret = config.DOCUMENT_LINK_SECRET ?? (config.ADMIN_API_TOKEN ? `document-links:${config.ADMIN_API_TOKEN}` : undefined);
  if (!secret) return null;
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(payload)));
  return [...mac.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const signedPayload = (quotationId: string, expiresAtS: number) => `quotation:${quotationId}:expires:${expiresAtS}`;
/** What links signed before they carried an expiry signed; such a link is answered as expired, never served. */
const unexpiringPayload = (quotationId: string) => `quotation:${quotationId}`;

/** The document link sent to the customer, or null when PUBLIC_BASE_URL (or a signing key) is not configured. */
export async function documentLink(config: Config, quotation: { id: string; number: string }, now = Date.now()): Promise<string | null> {
  if (!config.PUBLIC_BASE_URL) return null;
  const expiresAtS = Math.floor(now / 1000) + config.DOCUMENT_LINK_TTL_DAYS * 24 * 60 * 60;
  const sig = await signature(config, signedPayload(quotation.id, expiresAtS));
  if (!sig) return null;
  const url = new URL(`/api/v1/quotations/${quotation.id}/document`, config.PUBLIC_BASE_URL);
  url.searchParams.set("sig", sig);
  url.searchParams.set("exp", String(expiresAtS));
  return url.toString();
}

export type DocumentLinkCheck = "valid" | "expired" | "invalid";

/**
 * Whether a presented link is ours and still current. The signature is checked before the expiry,
 * so an edited `exp` is invalid rather than expired, and only a genuine link learns it expired.
 */
export async function checkDocumentLink(config: Config, quotationId: string, presented: { sig?: string; exp?: string }, now = Date.now()): Promise<DocumentLinkCheck> {
  const sig = presented.sig ?? "";
  const exp = presented.exp ?? "";
  if (/^\d{1,12}$/.test(exp)) {
    const expected = await signature(config, signedPayload(quotationId, Number(exp)));
    if (expected === null || !(await secretsMatch(sig, expected))) return "invalid";
    return Number(exp) * 1000 > now ? "valid" : "expired";
  }
  const unexpiring = await signature(config, unexpiringPayload(quotationId));
  return unexpiring !== null && (await secretsMatch(sig, unexpiring)) ? "expired" : "invalid";
}

/** How long a document link in the panel works: the list signs fresh links each time it loads. */
const PANEL_LINK_TTL_S = 24 * 60 * 60;

/** The document link as a path, for the admin panel, which serves /api/* on its own origin; null without a signing key. */
export async function documentPath(config: Config, quotationId: string, now = Date.now()): Promise<string | null> {
  const expiresAtS = Math.floor(now / 1000) + PANEL_LINK_TTL_S;
  const sig = await signature(config, signedPayload(quotationId, expiresAtS));
  return sig ? `/api/v1/quotations/${quotationId}/document?sig=${sig}&exp=${expiresAtS}` : null;
}

/**
 * Our own rendering of a quotation, used when Zoho's PDF cannot be fetched (no sale order yet,
 * Zoho down): a self-contained printable HTML page, right-to-left for Arabic.
 */
export function quotationHtml(quotation: QuotationRow, salesorderNumber: string | null, styleNonce: string): string {
  const ar = quotation.language === "ar";
  const vat = Number(quotation.vatPercent);
  const totals = quotationTotals(quotation.lines, vat, quotation.deliveryAed === null ? null : Number(quotation.deliveryAed));
  const [deliveryLabel, deliveryValue] = splitDelivery(deliveryLine(totals.deliveryAed, quotation.deliveryCity, quotation.language));
  const t = ar
    ? { title: "عرض سعر", item: "المنتج", qty: "الكمية", unit: "سعر الوحدة (درهم)", total: "الإجمالي (درهم)", subtotal: "المجموع", vat: `ضريبة القيمة المضافة ${vat}%`, grand: "الإجمالي", so: "أمر البيع", buyer: "العميل" }
    : { title: "Quotation", item: "Item", qty: "Qty", unit: "Unit price (AED)", total: "Total (AED)", subtotal: "Subtotal", vat: `VAT ${vat}%`, grand: "Total", so: "Sale order", buyer: "Customer" };
  const rows = quotation.lines
    .map((l) => `<tr><td>${escape(ar && l.nameAr ? l.nameAr : l.name)}<br><small>${escape(l.sku)}</small></td><td>${l.quantity}</td><td>${formatAed(l.unitPriceAed)}</td><td>${formatAed(lineTotalAed(l))}</td></tr>`)
    .join("");
  const buyer = quotation.buyer ? `${escape(quotation.buyer.name)}${quotation.buyer.company ? `, ${escape(quotation.buyer.company)}` : ""} · ${escape(quotation.buyer.city)}` : "";
  return `<!doctype html><html lang="${ar ? "ar" : "en"}" dir="${ar ? "rtl" : "ltr"}"><head><meta charset="utf-8"><title>${t.title} ${escape(quotation.number)}</title>
<style nonce="${styleNonce}">body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.5rem;text-align:start}tfoot td{font-weight:600}</style></head>
<body><h1>${t.title} ${escape(quotation.number)}</h1>
<p>${salesorderNumber ? `${t.so}: ${escape(salesorderNumber)}<br>` : ""}${buyer ? `${t.buyer}: ${buyer}<br>` : ""}${quotation.createdAt.toISOString().slice(0, 10)}</p>
<table><thead><tr><th>${t.item}</th><th>${t.qty}</th><th>${t.unit}</th><th>${t.total}</th></tr></thead><tbody>${rows}</tbody>
<tfoot><tr><td colspan="3">${t.subtotal}</td><td>${formatAed(totals.subtotalAed)}</td></tr><tr><td colspan="3">${t.vat}</td><td>${formatAed(totals.vatAed)}</td></tr><tr><td colspan="3">${escape(deliveryLabel)}</td><td>${escape(deliveryValue)}</td></tr><tr><td colspan="3">${t.grand}</td><td>${formatAed(totals.totalAed)}</td></tr></tfoot></table>
</body></html>`;
}

/** "Delivery to Abu Dhabi: 200.00 AED" → the label and the value, for the table's two cells. */
function splitDelivery(line: string): [string, string] {
  const at = line.indexOf(": ");
  return at < 0 ? [line, ""] : [line.slice(0, at), line.slice(at + 2)];
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
