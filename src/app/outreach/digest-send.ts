import { z } from "zod";
import type { Database } from "../../adapters/db/client";
import { claimDigest, digestFigures, lastScheduledDay } from "../../adapters/db/digest-repo";
import { loadAgentSettingOverrides } from "../../adapters/db/settings-repo";
import { TelegramBotApi } from "../../adapters/channels/telegram/api";
import { WazzupClient } from "../../adapters/channels/wazzup/client";
import type { Config } from "../../core/config";
import { defaultSettings, effectiveSettings } from "../../core/domain/settings";
import { describeError, log } from "../../lib/log";
import { dayBounds, digestDue, digestText, previousDay, shopDay } from "../../core/outreach/digest";

export interface DigestResult {
  day: string;
  text: string;
  recipients: number;
  sent: boolean;
}

/**
 * Builds yesterday's digest (in the shop's zone) and sends it to every manager number on WhatsApp
 * and every manager chat on Telegram, once per key: the scheduled run's key is its day, so two cron
 * ticks send once.
 */
export async function sendDigest(config: Config, db: Database, trigger: "scheduled" | "manual", now: number, day?: string): Promise<DigestResult> {
  const settings = effectiveSettings(defaultSettings(config), await loadAgentSettingOverrides(db));
  const zone = settings.digestTimezone;
  const covers = day ?? previousDay(shopDay(now, zone));
  const bounds = dayBounds(covers, zone);
  const figures = await digestFigures(db, new Date(bounds.from), new Date(bounds.to));
  const text = digestText(covers, figures);
  const key = trigger === "scheduled" ? `scheduled:${covers}` : `manual:${now}`;
  const channelId = config.WAZZUP_CHANNEL_ID;
  const phones = channelId ? settings.managerPhones : [];
  const telegramChats = config.TELEGRAM_BOT_TOKEN ? settings.managerTelegramChatIds : [];
  const claimed = await claimDigest(db, { key, day: covers, trigger, text, figures, recipients: phones.length + telegramChats.length });
  if (!claimed) return { day: covers, text, recipients: 0, sent: false };
  if (phones.length + telegramChats.length === 0) {
    log("warn", "digest.no_recipients", { managers: settings.managerPhones.length, telegramChats: settings.managerTelegramChatIds.length, channel: Boolean(channelId), bot: Boolean(config.TELEGRAM_BOT_TOKEN) });
    return { day: covers, text, recipients: 0, sent: true };
  }
  let delivered = 0;
  if (phones.length > 0) {
    const client = WazzupClient.fromConfig(config);
    for (const phone of phones) {
      const result = await client.send({ chat: { channel: "whatsapp", channelId: channelId!, chatType: "whatsapp", chatId: phone }, text, crmMessageId: `digest-${key}-${phone}` });
      if (result.kind === "sent" || result.kind === "duplicate") delivered++;
      else log("warn", "digest.undelivered", { channel: "whatsapp", code: result.code });
    }
  }
  if (telegramChats.length > 0) {
    const bot = new TelegramBotApi({ apiUrl: config.TELEGRAM_API_URL, token: config.TELEGRAM_BOT_TOKEN! });
    for (const chatId of telegramChats) {
      const result = await bot.call("sendMessage", { chat_id: chatId, text }, sentMessage);
      if (result.ok) delivered++;
      else log("warn", "digest.undelivered", { channel: "telegram", kind: result.kind, description: result.description });
    }
  }
  return { day: covers, text, recipients: delivered, sent: true };
}

/** What Telegram's sendMessage answers that the digest reads: only that a message was made. */
const sentMessage = z.object({ message_id: z.number() }).passthrough();

/** The cron hook: sends the morning digest when due (a small, separate addition to the scheduled handler). */
export async function digestCronTick(config: Config, db: Database, now: number): Promise<void> {
  try {
    const settings = effectiveSettings(defaultSettings(config), await loadAgentSettingOverrides(db));
    const due = digestDue(now, settings.digestTimezone, settings.digestHour, await lastScheduledDay(db));
    if (due) await sendDigest(config, db, "scheduled", now, due);
  } catch (error) {
    log("error", "digest.failed", describeError(error));
  }
}
