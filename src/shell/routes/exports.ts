import { withDatabase } from "../../adapters/db/client";
import { exportHeader, exportPage, type ExportCursor, type ExportKind, type ExportRange } from "../../adapters/db/exports-repo";
import type { App } from "../http-types";
import type { Config } from "../../core/config";
import { BOM, csvRow } from "../../core/exports/csv";
import { describeError, log } from "../../lib/log";
import { recordAudit } from "../../app/staff/audit";
import { digestContract, exportsContract as contract, templatesContract } from "../../core/staff/contract/exports";
import { listTemplates } from "../../app/outreach/templates";
import { ApiError } from "../../core/errors";
import { lastDigest } from "../../adapters/db/digest-repo";
import { sendDigest } from "../../app/outreach/digest-send";
import { staffRoute } from "../staff-route";

/** Rows per query: the file streams page by page, never held whole in memory. */
const PAGE_ROWS = 500;

/**
 * `GET /api/v1/export/{customers,conversations,quotations,orders}.csv` (manager and up): the
 * export is audited, then streamed page by page (keyset pagination, each page on a connection of
 * its own, as the request's connection ends when the handler returns).
 */
export function registerExports(app: App): void {
  const routes: [ExportKind, (typeof contract)[keyof typeof contract]][] = [
    ["customers", contract.exportCustomers],
    ["conversations", contract.exportConversations],
    ["quotations", contract.exportQuotations],
    ["orders", contract.exportOrders],
  ];
  staffRoute(app, digestContract.sendDigest, async ({ ctx, config }) => {
    const result = await sendDigest(config, ctx.db, "manual", Date.now());
    await recordAudit(ctx, { action: "digest.send", targetType: "digest", targetId: result.day, after: { recipients: result.recipients } });
    return { day: result.day, text: result.text, recipients: result.recipients };
  });
  staffRoute(app, templatesContract.listTemplates, async ({ config }) => {
    try {
      return { templates: await listTemplates(config) };
    } catch (error) {
      log("warn", "templates.unavailable", describeError(error));
      throw new ApiError(502, "UPSTREAM_FAILED", "Wazzup did not list the templates; try again later");
    }
  });
  staffRoute(app, digestContract.getDigest, async ({ ctx }) => ({ digest: await lastDigest(ctx.db) }));

  for (const [kind, route] of routes) {
    staffRoute(app, route, async ({ ctx, config, query }) => {
      const range: ExportRange = { from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined };
      await recordAudit(ctx, { action: "export", targetType: kind, after: { from: query.from ?? null, to: query.to ?? null } });
      const day = new Date().toISOString().slice(0, 10);
      return new Response(csvStream(config, kind, range), {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="${kind}-${day}.csv"`,
          "cache-control": "no-store",
        },
      });
    });
  }
}

function csvStream(config: Config, kind: ExportKind, range: ExportRange): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: ExportCursor | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(BOM + csvRow(exportHeader(kind))));
          // The first page follows on the next pull.
          return;
        }
        const page = await withDatabase(config, (db) => exportPage(db, kind, range, cursor, PAGE_ROWS));
        if (page.rows.length > 0) controller.enqueue(encoder.encode(page.rows.map(csvRow).join("")));
        cursor = page.next;
        if (!cursor) controller.close();
      } catch (error) {
        log("error", "export.failed", { kind, ...describeError(error) });
        controller.error(new Error("export failed"));
      }
    },
  });
}
