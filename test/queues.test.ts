import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../src/index";

describe("cron and queue consumers", () => {
  it("the cron tick runs without failing (its sync scheduling is tested in catalog.sync.serial.test.ts)", async () => {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "0 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
  });

  it("acknowledges each zoho-sync message on its own, malformed ones included (a retry cannot fix them)", async () => {
    const batch = createMessageBatch("zoho-sync", [
      { id: "good", timestamp: new Date(), attempts: 1, body: { kind: "catalog-sync", runId: crypto.randomUUID() } },
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
