import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../src/shell/index";
import { newChatId, postWebhook, query, textMessage, waitUntilIdle } from "./helpers";

describe("cron and queue consumers", () => {
  it("the cron tick sends again a Zoho job whose queue message went missing, and leaves fresh ones alone", async () => {
    // A real customer (a chat through the webhook), so the job does real work when it runs.
    const chatId = newChatId();
    await postWebhook({ messages: [textMessage(chatId, "hello, do you sell desks?")] });
    await waitUntilIdle(chatId);
    const [{ customer_id: customerId }] = (await query((db) => db.execute<{ customer_id: string }>(sql`select customer_id from conversations where chat_id = ${chatId}`))).rows as [{ customer_id: string }];
    // Two jobs recorded but never delivered (their queue send was lost): one 31 minutes old, one 5.
    const stale = `crm-contact:${customerId}:lost-31m`;
    const fresh = `crm-contact:${customerId}:lost-5m`;
    await query((db) =>
      db.execute(sql`insert into zoho_jobs (id, kind, subject_id, updated_at) values
        (${stale}, 'crm-contact', ${customerId}, now() - interval '31 minutes'),
        (${fresh}, 'crm-contact', ${customerId}, now() - interval '5 minutes')`),
    );
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "0 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const job = (id: string) => query(async (db) => (await db.execute<{ status: string; attempts: number }>(sql`select status, attempts from zoho_jobs where id = ${id}`)).rows[0]!);
    const deadline = Date.now() + 20_000;
    while ((await job(stale)).status !== "succeeded" && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await job(stale)).toEqual({ status: "succeeded", attempts: 1 });
    expect(await job(fresh)).toEqual({ status: "queued", attempts: 0 });
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
