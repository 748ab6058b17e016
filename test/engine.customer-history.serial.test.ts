import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { conversation, modelRequests, newChatId, query, say } from "./helpers";

/**
 * The order history's word on a customer (segment, last order) is read from Postgres once per
 * analytics run and kept by the chat: a turn in a chat under way asks again only after another
 * run has ended. Serial: it records an analytics run of its own (and removes it afterwards).
 */
const HISTORY = "From our order history (Zoho), this customer";
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function systemTextFor(words: string): Promise<string> {
  const requests = await modelRequests(words);
  expect(requests.length, `the model was asked about "${words}"`).toBeGreaterThan(0);
  return requests[0]!.systemText;
}

describe("customer history in a chat under way", () => {
  it("is read once per analytics run: scores written since the last run's end show after the next one ends", async () => {
    const chatId = newChatId();
    await say(chatId, `hello ${chatId}, do you sell desks?`);
    expect(await systemTextFor(`hello ${chatId}`)).not.toContain(HISTORY);
    const customer = await query((db) => db.execute<{ id: string }>(sql`select customer_id as id from conversations where chat_id = ${chatId}`));
    const customerId = customer.rows[0]!.id;
    const kept = (await conversation(chatId).kv("customerHistory")) as { customerId: string; line: string | null };
    expect(kept).toMatchObject({ customerId, line: null });

    // A run scores the customer but has not ended: the chat keeps what it read.
    await query((db) => db.execute(sql`insert into customer_analytics (customer_id, segment, frequency, monetary_aed) values (${customerId}, 'loyal', 0, 0)`));
    cleanups.push(() => query((db) => db.execute(sql`delete from customer_analytics where customer_id = ${customerId}`)));
    await say(chatId, `and chairs ${chatId}?`);
    expect(await systemTextFor(`and chairs ${chatId}`)).not.toContain(HISTORY);

    // The run ends: the next turn reads the customer's history again and tells the model.
    const run = await query((db) =>
      db.execute<{ id: string }>(sql`insert into analytics_runs (trigger, mode, status, started_at, finished_at) values ('api', 'full', 'failed', now(), now()) returning id`),
    );
    cleanups.push(() => query((db) => db.execute(sql`delete from analytics_runs where id = ${run.rows[0]!.id}`)));
    await say(chatId, `and tables ${chatId}?`);
    expect(await systemTextFor(`and tables ${chatId}`)).toContain(`${HISTORY} is a loyal customer who orders regularly.`);
    expect(await conversation(chatId).kv("customerHistory")).toMatchObject({ customerId, line: expect.stringContaining("loyal customer") });
  });
});
