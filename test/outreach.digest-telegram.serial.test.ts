import { describe, expect, it } from "vitest";
import { adminFetch } from "./helpers";
import { newTelegramChatId } from "../stand-ins/telegram-updates";
import { telegramSends } from "./telegram-helpers";
import { asToken } from "./staff-helpers";

const patch = (body: unknown) => adminFetch("/api/v1/admin/settings", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("the managers' daily digest on Telegram", () => {
  it("reaches every manager chat set in managerTelegramChatIds through the shop's bot, beside the WhatsApp numbers", async () => {
    const chats = [String(newTelegramChatId()), `-100${newTelegramChatId()}`];
    expect((await patch({ managerTelegramChatIds: chats })).status).toBe(200);
    try {
      const response = await asToken("/api/v1/admin/digest", { method: "POST", body: {} });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { day: string; text: string; recipients: number };
      // The two WhatsApp managers of the test config and the two Telegram chats.
      expect(body.recipients).toBe(4);
      for (const chat of chats) {
        const [sent] = await telegramSends(chat, { count: 1, waitMs: 5000 });
        expect(sent).toMatchObject({ method: "sendMessage", chatId: chat });
        expect(sent!.text).toBe(body.text);
        expect(sent!.text).toContain(`Daily digest for ${body.day}`);
      }
    } finally {
      expect((await patch({ managerTelegramChatIds: [] })).status).toBe(200);
    }
  });

  it("refuses a chat id that is not one, and changes nothing", async () => {
    const response = await patch({ managerTelegramChatIds: ["@shop_managers"] });
    expect(response.status).toBe(400);
    const settings = (await (await adminFetch("/api/v1/admin/settings")).json()) as { settings: { managerTelegramChatIds: string[] } };
    expect(settings.settings.managerTelegramChatIds).toEqual([]);
  });
});
