import type { Context } from "hono";
import { withDatabase } from "../../adapters/db/client";
import { getQuotation } from "../../adapters/db/quotations-repo";
import { zohoConfigured, zohoInventory } from "../../adapters/zoho/gateway";
import { salesOrderPdf } from "../../adapters/zoho/sales";
import type { App, AppBindings } from "../http-types";
import { getConfig } from "../../core/config";
import { ApiError } from "../../core/errors";
import { describeError, log } from "../../lib/log";
import { documentSecurityHeaders } from "../middleware/document-headers";
import { checkDocumentLink, quotationHtml } from "../../app/orders/document";
import { uuidParam } from "./params";
import { servicesFor } from "../composition";

type DocumentContext = Context<AppBindings & { Variables: { styleNonce: string } }>;

/**
 * `GET /api/v1/quotations/:id/document?sig=&exp=`: the quotation document sent to the customer,
 * the one route under /quotations without staff authentication (Wazzup fetches it, so it is
 * signed instead). A forged link is a 403, an expired one a 410: a page for a browser, the JSON
 * error for anything else.
 */
export function registerQuotationDocument(app: App): void {
  app.get("/api/v1/quotations/:id/document", documentSecurityHeaders(), async (c: DocumentContext) => {
    const id = uuidParam(c.req.param("id"), "Quotation id");
    const config = getConfig(c.env);
    const link = await checkDocumentLink(config, id, { sig: c.req.query("sig"), exp: c.req.query("exp") });
    if (link === "expired") return refuse(c, new ApiError(410, "LINK_EXPIRED", "This document link has expired. Ask us in the chat and we will send the quotation again."));
    if (link === "invalid") return refuse(c, new ApiError(403, "FORBIDDEN", "This document link is not valid"));
    const quotation = await withDatabase(config, (db) => getQuotation(db, id));
    if (!quotation) throw new ApiError(404, "NOT_FOUND", "No such quotation");
    // Zoho's own PDF of the sale order when there is one; our rendering when there is none or Zoho cannot be reached.
    if (quotation.zohoSalesorderId && zohoConfigured(config)) {
      try {
        const pdf = await salesOrderPdf(servicesFor(c.env).zohoInventory(), quotation.zohoSalesorderId);
        return c.body(pdf, 200, { "content-type": "application/pdf", "content-disposition": `inline; filename="${quotation.zohoSalesorderNumber ?? quotation.number}.pdf"`, "cache-control": "private, max-age=300" });
      } catch (error) {
        log("warn", "quotation.document_pdf_failed", { quotation: quotation.number, ...describeError(error) });
      }
    }
    return c.body(quotationHtml(quotation, quotation.zohoSalesorderNumber, c.get("styleNonce")), 200, {
      "content-type": "text/html; charset=utf-8",
      "content-disposition": `inline; filename="${quotation.number}.html"`,
      "cache-control": "private, max-age=60",
    });
  });
}

/** A customer who taps an old link in WhatsApp sees a sentence, not JSON; API clients get the one error shape. */
function refuse(c: DocumentContext, error: ApiError): Response {
  if (!(c.req.header("accept") ?? "").includes("text/html")) throw error;
  const page = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${error.status}</title>
<style nonce="${c.get("styleNonce")}">body{font-family:system-ui,sans-serif;margin:2rem;color:#222}</style></head><body><p>${error.message}</p></body></html>`;
  return c.html(page, error.status as 403 | 410, { "cache-control": "no-store" });
}
