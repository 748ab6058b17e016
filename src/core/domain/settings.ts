import { z } from "zod";
import { DEFAULT_SEGMENT_THRESHOLDS, segmentThresholdFields } from "../analytics/segments";
import { businessHoursSchema } from "../outreach/business-hours";

/**
 * Agent settings managers edit through `/api/v1/admin/settings`. Stored as overrides in Postgres;
 * anything not stored takes its default. Every value is bounded so a typo cannot take the agent
 * down (a zero rate limit, an hour-long burst wait).
 */
const templateId = z.string().trim().regex(/^[A-Za-z0-9_-]{1,100}$/, "a template id from the template list");

export const agentSettingsSchema = z
  .object({
    /** Wait after a customer's message for more before answering the burst (sliding). */
    burstWaitMs: z.number().int().min(0).max(30_000),
    /** Longest a burst may delay the reply, counted from its first message. */
    maxBurstWaitMs: z.number().int().min(0).max(120_000),
    /** Retrieval before the model: the catalog or knowledge search a message calls for runs before the first model call (issue 25). */
    preRetrieval: z.boolean(),
    /** A message arriving while the model works joins the same turn (one more call at most) instead of restarting it. */
    continuedTurns: z.boolean(),
    /** Customer messages per minute per chat before the agent goes quiet until the minute passes. */
    customerMessagesPerMinute: z.number().int().min(1).max(600),
    /** Agent turns per chat per UTC day. */
    customerDailyTurns: z.number().int().min(1).max(10_000),
    /** LLM tokens (prompt + completion) per UTC day across all chats; beyond it, offline mode. */
    dailyTokenCap: z.number().int().min(0).max(1_000_000_000),
    /** WhatsApp numbers (digits) of managers notified on handoff. */
    managerPhones: z.array(z.string().regex(/^\d{7,15}$/, "digits only, 7 to 15")).max(20),
    /** Telegram chats (a manager's user id or a group's id) that receive the morning digest, through the shop's bot. */
    managerTelegramChatIds: z.array(z.string().regex(/^-?\d{1,20}$/, "a Telegram chat id: digits, a leading minus for a group")).max(20),
    /** The bot stays silent this long after the last manager message, then resumes. */
    handoffQuietMinutes: z.number().int().min(1).max(7 * 24 * 60),
    /** An order worth at least this much (AED) goes to a manager. */
    handoffOrderValueAed: z.number().min(0).max(100_000_000),
    /**
     * WhatsApp Business API channels accept free-form messages only within 24 hours of the
     * customer's last message; the agent does not attempt one outside it.
     */
    enforceWhatsAppWindow: z.boolean(),
    /** The largest discount (percent) the agent may offer when asked; beyond it, a manager decides. 0: none. */
    maxDiscountPercent: z.number().min(0).max(50),
    /** Minutes between catalog syncs started by the cron tick (which fires every few minutes). */
    catalogSyncIntervalMinutes: z.number().int().min(5).max(7 * 24 * 60),
    /** A full sync (which also finds items deleted in Zoho) at least this often; incremental runs in between. */
    catalogFullSyncHours: z.number().int().min(1).max(30 * 24),
    /** UAE VAT (percent) added to catalog prices, which are VAT-exclusive, on quotations and sale orders. */
    vatPercent: z.number().min(0).max(30),
    /** A conversation quiet this long since its last message is reviewed (code checks and the judge). */
    qualityReviewQuietMinutes: z.number().int().min(1).max(7 * 24 * 60),
    /** Share of reviews the LLM judge scores (0 to 1); code checks run on every review. */
    qualityJudgeSampleRate: z.number().min(0).max(1),
    /** Judge calls per UTC day at most; beyond it reviews keep their code checks and skip the judge. */
    qualityJudgeDailyBudget: z.number().int().min(0).max(1_000_000),
    // Orders: delivery fees by city (the demo knowledge's table). A city not listed, or an unknown
    // city, makes the quotation say delivery is quoted separately; never a silent omission.
    deliveryFees: z
      .array(z.object({ city: z.string().trim().min(1).max(60), feeAed: z.number().min(0).max(100_000), freeFromAed: z.number().min(0).max(100_000_000).nullable() }).strict())
      .max(50),
    /** The `slow_first_reply` flag: a first answer later than this many seconds. */
    qualitySlowFirstReplySeconds: z.number().int().min(1).max(24 * 3600),
    /** A judged review whose overall score is below this alerts the managers. */
    qualityAlertBelowScore: z.number().min(1).max(5),
    /** Customer segments' thresholds (days, orders, AED); see docs/analytics.md. */
    segmentNewDays: segmentThresholdFields.newDays,
    segmentAtRiskDays: segmentThresholdFields.atRiskDays,
    segmentLostDays: segmentThresholdFields.lostDays,
    segmentLoyalOrders: segmentThresholdFields.loyalOrders,
    segmentBigAccountAed: segmentThresholdFields.bigAccountAed,
    /** A shown quotation neither confirmed nor declined gets one follow-up this long after the customer went quiet. 0: off. */
    quotationFollowUpMinutes: z.number().int().min(0).max(30 * 24 * 60),
    /** Proactive messages (follow-ups, back-in-stock notices) across the shop per UTC day, at most. */
    proactiveDailyCap: z.number().int().min(0).max(100_000),
    /** The approved Wazzup WhatsApp template (its templateGuid) for a follow-up outside the 24-hour window; null: none is sent there. Values: customer name, quotation number. */
    followUpTemplateId: templateId.nullable(),
    /** The approved template for a back-in-stock notice outside the window; null: none. Values: item name, price. */
    backInStockTemplateId: templateId.nullable(),
    /** When people answer: outside it a handoff tells the customer the next opening and pages managers only for large orders. null: always open. */
    businessHours: businessHoursSchema.nullable(),
    /** The shop's time zone for the managers' morning digest (an IANA zone). */
    digestTimezone: businessHoursSchema.shape.timezone,
    /** The hour (0-23, shop time) the digest of yesterday's figures goes to the managers. */
    digestHour: z.number().int().min(0).max(23),
    /** What one findings run may spend drafting proposals with QUALITY_MODEL (USD); the run stops and says so when it is spent. */
    qualityLoopBudgetUsd: z.number().min(0).max(1000),
  })
  .strict();

export type AgentSettings = z.infer<typeof agentSettingsSchema>;

/** A partial update: only the keys given change. */
export const agentSettingsPatchSchema = agentSettingsSchema.partial().strict();
export type AgentSettingsPatch = z.infer<typeof agentSettingsPatchSchema>;

/** From the demo knowledge ("Delivery across the UAE"): free from AED 2,000 / 5,000 by emirate. */
const DEFAULT_DELIVERY_FEES = [
  ...["Dubai", "Sharjah", "Ajman"].map((city) => ({ city, feeAed: 100, freeFromAed: 2_000 })),
  ...["Abu Dhabi", "Al Ain"].map((city) => ({ city, feeAed: 200, freeFromAed: 5_000 })),
  ...["Ras Al Khaimah", "RAK", "Fujairah", "Umm Al Quwain"].map((city) => ({ city, feeAed: 250, freeFromAed: 5_000 })),
];

export function defaultSettings(config: { REPLY_DEBOUNCE_MS: number; MANAGER_PHONES: string[] }): AgentSettings {
  return {
    burstWaitMs: config.REPLY_DEBOUNCE_MS,
    maxBurstWaitMs: Math.max(8_000, config.REPLY_DEBOUNCE_MS),
    preRetrieval: true,
    continuedTurns: true,
    customerMessagesPerMinute: 20,
    customerDailyTurns: 200,
    dailyTokenCap: 20_000_000,
    managerPhones: config.MANAGER_PHONES,
    managerTelegramChatIds: [],
    handoffQuietMinutes: 30,
    handoffOrderValueAed: 25_000,
    enforceWhatsAppWindow: true,
    maxDiscountPercent: 0,
    catalogSyncIntervalMinutes: 60,
    catalogFullSyncHours: 24,
    vatPercent: 5,
    qualityReviewQuietMinutes: 30,
    qualityJudgeSampleRate: 1,
    qualityJudgeDailyBudget: 500,
    deliveryFees: DEFAULT_DELIVERY_FEES.map((fee) => ({ ...fee })),
    qualitySlowFirstReplySeconds: 60,
    qualityAlertBelowScore: 3,
    segmentNewDays: DEFAULT_SEGMENT_THRESHOLDS.newDays,
    segmentAtRiskDays: DEFAULT_SEGMENT_THRESHOLDS.atRiskDays,
    segmentLostDays: DEFAULT_SEGMENT_THRESHOLDS.lostDays,
    segmentLoyalOrders: DEFAULT_SEGMENT_THRESHOLDS.loyalOrders,
    segmentBigAccountAed: DEFAULT_SEGMENT_THRESHOLDS.bigAccountAed,
    quotationFollowUpMinutes: 1440,
    proactiveDailyCap: 200,
    followUpTemplateId: null,
    backInStockTemplateId: null,
    businessHours: null,
    digestTimezone: "Asia/Dubai",
    digestHour: 8,
    qualityLoopBudgetUsd: 1,
  };
}

/** Defaults overlaid with stored overrides; stored keys that no longer validate are ignored. */
export function effectiveSettings(defaults: AgentSettings, stored: unknown): AgentSettings {
  const result = { ...defaults };
  if (stored && typeof stored === "object") {
    for (const [key, value] of Object.entries(stored)) {
      const field = agentSettingsSchema.shape[key as keyof AgentSettings];
      if (field?.safeParse(value).success) (result as Record<string, unknown>)[key] = value;
    }
  }
  return result;
}
