import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ZohoError, zohoErrorText } from "../src/adapters/zoho/errors";
import { internationalDigits } from "../src/adapters/zoho/sales";
import { configSchema } from "../src/core/config";
import worker from "../src/shell/index";
import { retryDelaySeconds } from "../src/app/jobs/job-rules";
import { adminFetch } from "./helpers";

describe("Zoho jobs: schedule, dead letters and the API's input checks", () => {
  it("with production defaults, the queue's 10 retries span more than an hour of Zoho being down", () => {
    const defaults = configSchema.parse({});
    const delays = Array.from({ length: 10 }, (_, i) => retryDelaySeconds(defaults, i + 1, new Error("Zoho 503")));
    expect(delays).toEqual([30, 60, 120, 240, 480, 900, 900, 900, 900, 900]);
    expect(delays.reduce((a, b) => a + b, 0)).toBeGreaterThan(3600);
    // Zoho's Retry-After wins over the backoff, within the 15-minute cap.
    expect(retryDelaySeconds(defaults, 1, new ZohoError("rate_limited", "429", { retryAfterMs: 120_000 }))).toBe(120);
    expect(retryDelaySeconds(defaults, 9, new ZohoError("rate_limited", "429", { retryAfterMs: 5_000 }))).toBe(30);
  });

  it("matches Zoho contacts on the whole number and keeps customers' names out of Zoho errors", () => {
    expect(["+971 50 123 4567", "00971501234567", "050-123-4567", "971501234567"].map(internationalDigits)).toEqual(Array(4).fill("971501234567"));
    expect(internationalDigits("+966 50 123 4567")).not.toBe(internationalDigits("+971 50 123 4567"));
    expect(zohoErrorText({ code: 3062, message: 'The customer "Sara Khan" already exists.' })).toEqual({ code: 3062, message: 'The customer "…" already exists.' });
    expect(zohoErrorText({ data: [{ code: "DUPLICATE_DATA", status: "error", message: 'duplicate "Omar"', details: { api_name: "Mobile" } }] })).toEqual({ code: "DUPLICATE_DATA", message: 'duplicate "…" (Mobile)' });
  });

  it("acknowledges dead letters, including ones naming no known job", async () => {
    const batch = createMessageBatch<unknown>("zoho-sync-dlq", [
      { id: "unknown", timestamp: new Date(), attempts: 9, body: { kind: "zoho-job", jobId: `sale-order:${crypto.randomUUID()}` } },
      { id: "catalog", timestamp: new Date(), attempts: 9, body: { kind: "catalog-sync", runId: crypto.randomUUID() } },
      { id: "garbage", timestamp: new Date(), attempts: 9, body: "??" },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["catalog", "garbage", "unknown"]);
  });

  it("answers bad input to the order and CRM endpoints with clear 4xx errors", async () => {
    const cases: [string, RequestInit, number, string][] = [
      ["/api/v1/inventory/sale-orders?status=shipped", {}, 400, "VALIDATION_FAILED"],
      ["/api/v1/inventory/sale-orders?limit=0", {}, 400, "VALIDATION_FAILED"],
      ["/api/v1/inventory/sale-orders?before=yesterday", {}, 400, "VALIDATION_FAILED"],
      ["/api/v1/crm/deals?limit=abc", {}, 400, "VALIDATION_FAILED"],
      ["/api/v1/admin/zoho-jobs?status=lost", {}, 400, "VALIDATION_FAILED"],
      ["/api/v1/quotations/not-a-uuid", {}, 400, "VALIDATION_FAILED"],
      [`/api/v1/quotations/${crypto.randomUUID()}`, {}, 404, "NOT_FOUND"],
      [`/api/v1/admin/zoho-jobs/${encodeURIComponent(`sale-order:${crypto.randomUUID()}`)}/replay`, { method: "POST" }, 404, "NOT_FOUND"],
      [`/api/v1/quotations/${crypto.randomUUID()}/document?sig=abc`, {}, 403, "FORBIDDEN"],
    ];
    for (const [path, init, status, code] of cases) {
      const response = await adminFetch(path, init);
      expect(response.status, path).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code, path).toBe(code);
    }
    const anonymous = await worker.fetch(new Request("https://agent.test/api/v1/crm/contacts"), env, createExecutionContext());
    expect(anonymous.status).toBe(401);
  });
});
