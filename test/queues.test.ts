import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../src/index";

describe("cron and queue consumers (minimal until the catalog and order issues)", () => {
  it("the cron tick enqueues a catalog sync on the zoho-sync queue without failing", async () => {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "0 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
  });

  it("acknowledges each zoho-sync message on its own, malformed ones included (a retry cannot fix them)", async () => {
    const batch = createMessageBatch("zoho-sync", [
      { id: "good", timestamp: new Date(), attempts: 1, body: { kind: "catalog-sync", requestedAt: new Date().toISOString(), trigger: "cron" } },
      { id: "bad", timestamp: new Date(), attempts: 1, body: { kind: "no-such-job" } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["bad", "good"]);
    expect(result.retryMessages).toEqual([]);
  });

  it("refuses a batch from a queue it does not consume, so nothing is silently acknowledged", async () => {
    const batch = createMessageBatch("unknown-queue", [{ id: "x", timestamp: new Date(), attempts: 1, body: {} }]);
    await expect(worker.queue(batch, env, createExecutionContext())).rejects.toThrow("no consumer for queue unknown-queue");
  });
});
