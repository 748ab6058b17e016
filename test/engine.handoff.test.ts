import { eq, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { conversations } from "../src/adapters/db/schema";
import { adminFetch, conversation, newChatId, postWebhook, query, scriptModel, sentTo, textMessage, waitForModelRequest, waitUntilIdle } from "./helpers";

const MANAGERS = ["971500000001", "971500000002"];

async function handoffRows(chatId: string) {
  const result = await query((db) =>
    db.execute(sql`select h.reason, h.resolved_at, c.status from handoffs h join conversations c on c.id = h.conversation_id where c.chat_id = ${chatId} order by h.created_at`),
  );
  return result.rows as { reason: string; resolved_at: string | null; status: string }[];
}

async function expectHandedOff(chatId: string, reason: string) {
  await waitUntilIdle(chatId);
  const sent = await sentTo(chatId);
  expect(sent.at(-1)!.text).toContain("sales managers");
  for (const manager of MANAGERS) {
    const notes = await sentTo(manager);
    expect(notes.some((n) => n.text?.includes(`+${chatId}`) && n.text.includes(reason.replace(/_/g, " "))), `manager ${manager} notified`).toBe(true);
  }
  expect(await handoffRows(chatId)).toEqual([{ reason, resolved_at: null, status: "handoff" }]);
  // The bot stays quiet while a manager has the chat; the message is kept.
  const before = sent.length;
  await postWebhook({ messages: [textMessage(chatId, "hello? anyone there")] });
  await waitUntilIdle(chatId);
  expect(await sentTo(chatId)).toHaveLength(before);
}

describe("conversation engine: human handoff", () => {
  it("hands off when the customer asks for a person, in English or Arabic", async () => {
    const chatId = newChatId();
    await postWebhook({ messages: [textMessage(chatId, "Can I talk to a real person please")] });
    await expectHandedOff(chatId, "customer_request");

    const arabic = newChatId();
    await postWebhook({ messages: [textMessage(arabic, "أريد التحدث مع موظف")] });
    await waitUntilIdle(arabic);
    expect((await sentTo(arabic))[0]!.text).toContain("مديري المبيعات");
    expect((await handoffRows(arabic))[0]!.reason).toBe("customer_request");
  });

  it("hands off on frustration", async () => {
    const chatId = newChatId();
    await postWebhook({ messages: [textMessage(chatId, "this is useless, you keep sending the wrong chairs")] });
    await expectHandedOff(chatId, "frustration");
  });

  it("hands off an order above the configured value after answering it", async () => {
    const chatId = newChatId();
    await postWebhook({ messages: [textMessage(chatId, "we need 60 executive leather chairs for our new headquarters")] });
    await waitUntilIdle(chatId);
    const [reply] = await sentTo(chatId);
    expect(reply!.text).toMatch(/AED/);
    await expectHandedOff(chatId, "order_value");
  });

  it("hands off when the model asks for it through the handoff tool", async () => {
    const chatId = newChatId();
    const marker = `custom-${chatId}`;
    await scriptModel(marker, [
      { toolCall: { name: "request_handoff", arguments: { reason: "custom_design", summary: "Wants a custom curved reception desk." } } },
      { text: "A custom design needs our design team." },
    ]);
    await postWebhook({ messages: [textMessage(chatId, `can you build a curved reception desk to our drawing ${marker}`)] });
    await expectHandedOff(chatId, "custom_design");
  });

  it("an LLM outage gives the offline reply plus a handoff, never silence", async () => {
    const chatId = newChatId();
    const marker = `down-${chatId}`;
    await scriptModel(marker, Array.from({ length: 4 }, () => ({ status: 503, error: "down" })));
    await postWebhook({ messages: [textMessage(chatId, `office sofa ${marker}`)] });
    await waitUntilIdle(chatId);
    const [reply] = await sentTo(chatId);
    expect(reply!.text).toContain("offline mode");
    await expectHandedOff(chatId, "tool_failure");
  });

  it("a manager's message from the WhatsApp app pauses the bot; the quiet period or an admin resumes it", async () => {
    const chatId = newChatId();
    await postWebhook({ messages: [textMessage(chatId, "do you have lockers")] });
    await waitUntilIdle(chatId);
    await postWebhook({ messages: [{ ...textMessage(chatId, "Hi, Omar here from the showroom, I'll help you"), isEcho: true }] });
    await waitUntilIdle(chatId);
    const stub = conversation(chatId);
    expect((await stub.snapshot()).handoff).toMatchObject({ reason: "manager_takeover" });
    await postWebhook({ messages: [textMessage(chatId, "great, thanks Omar")] });
    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toHaveLength(1);

    // The quiet period passes: the bot answers what the customer wrote after the manager went quiet,
    // then answers again as usual.
    await stub.expireHandoffQuietPeriod();
    await waitUntilIdle(chatId);
    expect((await stub.snapshot()).handoff).toBeNull();
    expect(await sentTo(chatId)).toHaveLength(2);
    await postWebhook({ messages: [textMessage(chatId, "and a pedestal?")] });
    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toHaveLength(3);
    expect(await handoffRows(chatId)).toEqual([expect.objectContaining({ reason: "manager_takeover", status: "active" })]);
    expect((await handoffRows(chatId))[0]!.resolved_at).not.toBeNull();

    // An admin takes over and hands back through the API.
    const [row] = await query((db) => db.select({ id: conversations.id }).from(conversations).where(eq(conversations.chatId, chatId)));
    const takeover = await adminFetch(`/api/v1/conversations/${row!.id}/handoff`, { method: "POST" });
    expect(takeover.status).toBe(200);
    expect(((await takeover.json()) as { handoff: { reason: string } }).handoff.reason).toBe("admin");
    await postWebhook({ messages: [textMessage(chatId, "still there?")] });
    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toHaveLength(3);
    const resumed = await adminFetch(`/api/v1/conversations/${row!.id}/resume`, { method: "POST" });
    expect(((await resumed.json()) as { handoff: unknown }).handoff).toBeNull();
    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toHaveLength(4);
    await postWebhook({ messages: [textMessage(chatId, "ok, a whiteboard then")] });
    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toHaveLength(5);
    expect((await adminFetch("/api/v1/conversations/00000000-0000-0000-0000-000000000000/resume", { method: "POST" })).status).toBe(404);
  });
});

describe("handoff races", () => {
  it("a manager taking over while the model works: the draft is dropped and the messages are held", async () => {
    const chatId = newChatId();
    const marker = `race-${chatId}`;
    await scriptModel(marker, [{ delayMs: 1200, then: { text: "draft the manager should not see go out" } }]);
    // The turn must end by its own check, not by a crash (issue 20: it read .seq of an empty list).
    const lines: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      await postWebhook({ messages: [textMessage(chatId, `looking for a sofa ${marker}`)] });
      const stub = conversation(chatId);
      // The race this test is about: the manager writes while the model works on the draft.
      await waitForModelRequest(marker);
      expect((await stub.snapshot()).turnRunning).toBe(true);
      await postWebhook({ messages: [{ ...textMessage(chatId, "Hello, Sara from sales here"), isEcho: true }] });
      await waitUntilIdle(chatId, 20_000);
      expect(await sentTo(chatId)).toEqual([]);
      const snapshot = await stub.snapshot();
      expect(snapshot.handoff).toMatchObject({ reason: "manager_takeover" });
      expect(snapshot.consecutiveFailures).toBe(0);
      expect(lines.filter((l) => l.includes("conversation.turn_failed"))).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  it("the echo of a manager notification in the manager's own chat is not a takeover", async () => {
    const managerChat = "971500000001";
    const echo = { ...textMessage(managerChat, "Handoff needed: +971500000009\nReason: customer request\nThe customer asked for a person."), isEcho: true };
    await postWebhook({ messages: [echo] });
    await waitUntilIdle(managerChat);
    expect((await conversation(managerChat).snapshot()).handoff).toBeNull();
  });
});
