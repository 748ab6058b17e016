import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversations, messages } from "../src/adapters/db/schema";
import { parseTelegramUpdate } from "../src/adapters/channels/telegram/ingress";
import { telegramUpdateSchema } from "../src/adapters/channels/telegram/wire";
import { cleanText } from "../src/lib/text";
import { newTelegramChatId, textUpdate } from "../stand-ins/telegram-updates";
import { newChatId, postWebhook, query, textMessage, waitUntilIdle } from "./helpers";
import { staffUser, staffFetch } from "./staff-helpers";

const RLO = "\u202E";
const PDF = "\u202C";
const ISOLATES = "\u2066\u2067\u2068\u2069";

describe("bidirectional overrides are stripped where text enters", () => {
  it("cleans every embedding, override, isolate and mark, keeping Arabic and English text", () => {
    expect(cleanText(`${RLO}fdp.exe${PDF} ok`)).toBe("fdp.exe ok");
    expect(cleanText(`a\u202Ab\u202Bc\u202Dd${ISOLATES}e\u200E\u200F\u061Cf`)).toBe("abcdef");
    expect(cleanText("كرسي مكتب 120 درهم")).toBe("كرسي مكتب 120 درهم");
  });

  it("a WhatsApp message is stored without them", async () => {
    const chatId = newChatId();
    const message = textMessage(chatId, `price of the ${RLO}riahc${PDF} please`);
    expect((await postWebhook({ messages: [message] })).status).toBe(200);
    await waitUntilIdle(chatId);
    const stored = await query((db) =>
      db.select({ text: messages.text }).from(messages).innerJoin(conversations, eq(conversations.id, messages.conversationId)).where(eq(messages.providerMessageId, message.messageId)),
    );
    expect(stored[0]?.text).toBe("price of the riahc please");
  });

  it("a Telegram text and sender's name come out without them", () => {
    const update = textUpdate({ chatId: newTelegramChatId(), text: `desk ${RLO}please`, firstName: `Sa${ISOLATES}ra` });
    const [parsed] = parseTelegramUpdate(telegramUpdateSchema.parse(update), { id: "7000000001" });
    expect(parsed).toMatchObject({ text: "desk please", contactName: "Sara" });
  });

  it("staff text with an override is refused with a 400 naming the problem", async () => {
    const admin = await staffUser("admin");
    const response = await staffFetch("/api/v1/admin/prompts", { method: "POST", session: admin.session, body: { content: `You are a salesperson ${RLO}reverse me${PDF} and more words here`, activate: false } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/bidirectional/);
  });
});
