import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversation, newChatId, postWebhook, query, say, sentTo, textMessage, waitUntilIdle } from "./helpers";
import { asToken } from "./staff-helpers";

async function customerOptOut(chatId: string): Promise<{ id: string; at: string | null }> {
  const result = await query((db) => db.execute(sql`select id, proactive_opt_out_at as at from customers where phone = ${chatId}`));
  return result.rows[0] as { id: string; at: string | null };
}

describe("outreach: STOP and START", () => {
  it("STOP opts out once, is confirmed once, shows on the customer, and questions are still answered", async () => {
    const chatId = newChatId();
    await say(chatId, "hello, do you have office chairs?");
    await postWebhook({ messages: [textMessage(chatId, "STOP")] });
    await waitUntilIdle(chatId);
    let sent = await sentTo(chatId);
    expect(sent.at(-1)!.text).toContain("START");
    expect((await conversation(chatId).snapshot()).optedOut).toBe(true);
    const stored = await customerOptOut(chatId);
    expect(stored.at).not.toBeNull();

    // Staff see it on the customer, in the list and the profile.
    const profile = (await (await asToken(`/api/v1/customers/${stored.id}`)).json()) as { customer: { proactiveOptOutAt: string | null } };
    expect(profile.customer.proactiveOptOutAt).not.toBeNull();
    const list = (await (await asToken(`/api/v1/customers?q=${chatId}`)).json()) as { customers: { id: string; proactiveOptOutAt: string | null }[] };
    expect(list.customers.find((c) => c.id === stored.id)?.proactiveOptOutAt).not.toBeNull();

    // A repeat changes nothing and is not confirmed again.
    const before = sent.length;
    await postWebhook({ messages: [textMessage(chatId, "stop please")] });
    await waitUntilIdle(chatId);
    sent = await sentTo(chatId);
    expect(sent).toHaveLength(before);

    // A question is answered as always.
    const answer = await say(chatId, "how much is an executive chair?");
    expect(answer.length).toBeGreaterThan(0);
    expect(answer).not.toContain("START");
  });

  it("an Arabic إلغاء opts out with an Arabic confirmation, and START opts back in", async () => {
    const chatId = newChatId();
    const confirmation = await say(chatId, "إلغاء");
    expect(confirmation).toMatch(/[\u0600-\u06FF]/);
    expect((await customerOptOut(chatId)).at).not.toBeNull();
    const welcome = await say(chatId, "START");
    expect(welcome).toContain("STOP");
    expect((await conversation(chatId).snapshot()).optedOut).toBe(false);
    expect((await customerOptOut(chatId)).at).toBeNull();
  });

  it("a sentence with 'stop' in it is a question, not an opt-out", async () => {
    const chatId = newChatId();
    const answer = await say(chatId, "stop, how much is the mesh chair?");
    expect(answer).not.toContain("START");
    expect((await conversation(chatId).snapshot()).optedOut).toBe(false);
  });
});
