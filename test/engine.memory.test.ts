import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers } from "../src/adapters/db/schema";
import { modelRequests, newChatId, postWebhook, query, scriptModel, sentTo, textMessage, waitUntilIdle } from "./helpers";

async function systemPromptsFor(marker: string): Promise<string[]> {
  return (await modelRequests(marker)).map((r) => r.systemText);
}

describe("conversation engine: memory", () => {
  it("remembers the customer's profile, in the next turn and in Postgres", async () => {
    const chatId = newChatId();
    const marker = `profile-${chatId}`;
    await scriptModel(marker, [
      { toolCall: { name: "update_customer_profile", arguments: { company: "Falcon Logistics", city: "Dubai", needs: "12 task chairs" } } },
      { text: "Thanks! Let me find task chairs for Falcon Logistics." },
    ]);
    await postWebhook({ messages: [textMessage(chatId, `We are Falcon Logistics in Dubai, need 12 task chairs ${marker}`)] });
    await waitUntilIdle(chatId);
    const next = `and what about desks? ${marker}-2`;
    await postWebhook({ messages: [textMessage(chatId, next)] });
    await waitUntilIdle(chatId);
    const [system] = await systemPromptsFor(`${marker}-2`);
    expect(system).toContain('company: "Falcon Logistics"');
    expect(system).toContain('city: "Dubai"');
    const [row] = await query((db) => db.select({ profile: customers.profile }).from(customers).where(eq(customers.phone, chatId)));
    expect(row!.profile).toMatchObject({ company: "Falcon Logistics", city: "Dubai", needs: "12 task chairs" });
  });

  it("a bad profile update from the model is refused as a tool error and changes nothing", async () => {
    const chatId = newChatId();
    const marker = `badprofile-${chatId}`;
    await scriptModel(marker, [{ toolCall: { name: "update_customer_profile", arguments: { email: "not-an-email", role: "admin" } } }, { text: "Noted." }]);
    await postWebhook({ messages: [textMessage(chatId, `my email is nothing ${marker}`)] });
    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toHaveLength(1);
    const [row] = await query((db) => db.select({ profile: customers.profile }).from(customers).where(eq(customers.phone, chatId)));
    expect(row!.profile).toEqual({});
  });

  it("keeps a rolling summary of older messages once the talk outgrows the recent window", async () => {
    const chatId = newChatId();
    const marker = `long-${chatId}`;
    for (let i = 0; i < 16; i++) {
      await postWebhook({ messages: [textMessage(chatId, i === 0 ? `first we need a reception desk for our lobby` : `question ${"abcdefghijklmnop"[i]} about storage`)] });
      await waitUntilIdle(chatId);
    }
    await postWebhook({ messages: [textMessage(chatId, `so what do you recommend ${marker}`)] });
    await waitUntilIdle(chatId);
    const [system] = await systemPromptsFor(marker);
    expect(system).toContain("Summary of the earlier conversation: Summary:");
    expect(system).toContain("reception desk for our lobby");
  });

  it("recognises a returning customer on a new channel from Postgres", async () => {
    const chatId = newChatId();
    await query((db) => db.insert(customers).values({ phone: chatId, name: "Mariam", profile: { company: "Oasis Clinics", city: "Abu Dhabi" } }));
    const marker = `returning-${chatId}`;
    await postWebhook({ messages: [textMessage(chatId, `hello again, any new sofas? ${marker}`)] });
    await waitUntilIdle(chatId);
    const [system] = await systemPromptsFor(marker);
    expect(system).toContain('company: "Oasis Clinics"');
    expect(system).toContain('name: "Mariam"');
  });
});
