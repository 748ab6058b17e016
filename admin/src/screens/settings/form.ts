/**
 * The settings form's logic, free of React: which fields it shows, how typed text becomes the
 * PATCH body, and how the API's validation issues land next to the field that caused them. The
 * API is the one validator: text that is not a number is sent as typed, so its message is the
 * one staff read.
 */
export type SettingKind = "integer" | "number" | "boolean" | "phones" | "fees" | "text" | "json";

export interface SettingField {
  key: string;
  label: string;
  kind: SettingKind;
  hint: string;
  group: "Replies" | "Limits" | "Handoff" | "Orders" | "Catalog" | "Quality" | "Customers" | "Outreach";
}

export const SETTING_FIELDS: readonly SettingField[] = [
  { key: "burstWaitMs", label: "Burst wait (ms)", kind: "integer", group: "Replies", hint: "Wait after a message for more before answering them together (0–30000)." },
  { key: "maxBurstWaitMs", label: "Longest burst wait (ms)", kind: "integer", group: "Replies", hint: "The most a burst may delay the reply (0–120000)." },
  { key: "preRetrieval", label: "Search before the model", kind: "boolean", group: "Replies", hint: "A catalog or delivery/warranty/payment question is searched before the model is asked, so it usually answers in one call." },
  { key: "continuedTurns", label: "Continue a turn for new messages", kind: "boolean", group: "Replies", hint: "Messages sent while the bot is answering join the same reply (one more model call at most) instead of restarting it." },
  { key: "enforceWhatsAppWindow", label: "Respect the WhatsApp 24-hour window", kind: "boolean", group: "Replies", hint: "No free-form message more than 24 h after the customer's last one." },
  { key: "customerMessagesPerMinute", label: "Messages per minute per chat", kind: "integer", group: "Limits", hint: "Beyond it the bot is quiet until the minute passes (1–600)." },
  { key: "customerDailyTurns", label: "Bot replies per chat per day", kind: "integer", group: "Limits", hint: "1–10000." },
  { key: "dailyTokenCap", label: "LLM tokens per day", kind: "integer", group: "Limits", hint: "Across all chats; beyond it the offline salesperson answers." },
  { key: "managerPhones", label: "Manager WhatsApp numbers", kind: "phones", group: "Handoff", hint: "Digits only, separated by commas or spaces; told of every handoff." },
  { key: "managerTelegramChatIds", label: "Manager Telegram chats (digest)", kind: "phones", group: "Outreach", hint: "Chat ids, separated by commas or spaces; they get the morning digest from the shop's bot." },
  { key: "handoffQuietMinutes", label: "Quiet after a manager writes (minutes)", kind: "integer", group: "Handoff", hint: "The bot resumes after this long without a manager message." },
  { key: "handoffOrderValueAed", label: "Order value for a manager (AED)", kind: "number", group: "Handoff", hint: "Orders worth at least this go to a manager." },
  { key: "maxDiscountPercent", label: "Largest discount (%)", kind: "number", group: "Orders", hint: "What the bot may offer when asked (0–50); beyond it a manager decides." },
  { key: "vatPercent", label: "VAT (%)", kind: "number", group: "Orders", hint: "Added to catalog prices on quotations (0–30)." },
  { key: "deliveryFees", label: "Delivery fees by city (AED)", kind: "fees", group: "Orders", hint: "City: fee (free from amount), separated by semicolons, e.g. Abu Dhabi: 200 (free from 5000). Other cities: delivery quoted separately." },
  { key: "catalogSyncIntervalMinutes", label: "Catalog sync every (minutes)", kind: "integer", group: "Catalog", hint: "5 minutes to 7 days." },
  { key: "catalogFullSyncHours", label: "Full catalog sync every (hours)", kind: "integer", group: "Catalog", hint: "A full sync also finds items deleted in Zoho." },
  { key: "qualityReviewQuietMinutes", label: "Review a chat quiet for (minutes)", kind: "integer", group: "Quality", hint: "A conversation this long without a message is reviewed." },
  { key: "qualityJudgeSampleRate", label: "Share judged by the LLM (0–1)", kind: "number", group: "Quality", hint: "Checks in code run on every review; the judge scores this share." },
  { key: "qualityJudgeDailyBudget", label: "Judge calls per day", kind: "integer", group: "Quality", hint: "Beyond it reviews keep their code checks and skip the judge." },
  { key: "qualitySlowFirstReplySeconds", label: "Slow first reply after (seconds)", kind: "integer", group: "Quality", hint: "A later first answer is flagged slow_first_reply." },
  { key: "qualityAlertBelowScore", label: "Alert managers below score", kind: "number", group: "Quality", hint: "A judged review scoring lower alerts the managers (1–5)." },
  { key: "segmentNewDays", label: "New customer for (days)", kind: "integer", group: "Customers", hint: "A first order at most this long ago makes the segment New (default 90)." },
  { key: "segmentAtRiskDays", label: "At risk after (days without an order)", kind: "integer", group: "Customers", hint: "Default 240; keep it below the Lost threshold." },
  { key: "segmentLostDays", label: "Lost after (days without an order)", kind: "integer", group: "Customers", hint: "Default 540." },
  { key: "segmentLoyalOrders", label: "Loyal from (orders)", kind: "integer", group: "Customers", hint: "Standing orders that make a customer Loyal (default 4)." },
  { key: "segmentBigAccountAed", label: "Big account from (AED in a year)", kind: "number", group: "Customers", hint: "Standing orders worth this much over 365 days (default 50,000)." },
  { key: "quotationFollowUpMinutes", label: "Follow up a quiet quotation after (minutes)", kind: "integer", group: "Outreach", hint: "One follow-up per quotation version; 0 turns follow-ups off." },
  { key: "proactiveDailyCap", label: "Proactive messages per day (whole shop)", kind: "integer", group: "Outreach", hint: "Follow-ups and back-in-stock notices; each customer gets at most one a day." },
  { key: "followUpTemplateId", label: "Follow-up template (outside 24 h)", kind: "text", group: "Outreach", hint: "An approved WhatsApp template's id; empty: no follow-up outside the window." },
  { key: "businessHours", label: "Business hours and holidays (JSON)", kind: "json", group: "Outreach", hint: '{"timezone":"Asia/Dubai","weekly":[{"day":"sun","open":"09:00","close":"18:00"}],"holidays":["2026-12-02"]}; empty: always open.' },
  { key: "digestTimezone", label: "Shop time zone (daily digest)", kind: "text", group: "Outreach", hint: "An IANA zone such as Asia/Dubai." },
  { key: "digestHour", label: "Daily digest hour (shop time)", kind: "integer", group: "Outreach", hint: "0–23: yesterday's figures go to the manager numbers then." },
  { key: "backInStockTemplateId", label: "Back-in-stock template (outside 24 h)", kind: "text", group: "Outreach", hint: "An approved WhatsApp template's id; empty: no notice outside the window." },
  { key: "qualityLoopBudgetUsd", label: "Findings run budget (USD)", kind: "number", group: "Quality", hint: "What one findings run may spend drafting proposals; it stops and says so when spent." },
];

/** What the form holds: text for every input, true/false for switches. */
export type FormValues = Record<string, string | boolean>;

/** The inputs' starting values from the effective settings. */
export function toFormValues(settings: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of SETTING_FIELDS) {
    const value = settings[field.key];
    if (field.kind === "boolean") values[field.key] = value === true;
    else if (field.kind === "phones") values[field.key] = Array.isArray(value) ? value.join(", ") : "";
    else if (field.kind === "fees") values[field.key] = Array.isArray(value) ? value.map(feeText).join("; ") : "";
    else if (field.kind === "json") values[field.key] = value === undefined || value === null ? "" : JSON.stringify(value);
    else values[field.key] = value === undefined || value === null ? "" : String(value);
  }
  return values;
}

/** The PATCH body: only the fields whose value differs from what was loaded, converted to the API's types. */
export function toPatch(values: FormValues, loaded: FormValues): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const field of SETTING_FIELDS) {
    const value = values[field.key];
    if (value === undefined || value === loaded[field.key]) continue;
    patch[field.key] = convert(field.kind, value);
  }
  return patch;
}

function convert(kind: SettingKind, value: string | boolean): unknown {
  if (kind === "boolean") return value === true;
  const text = String(value).trim();
  if (kind === "phones") return text === "" ? [] : text.split(/[\s,;]+/).filter(Boolean);
  if (kind === "fees") return text.split(/[;\n]+/).map((part) => part.trim()).filter(Boolean).map(parseFee);
  if (kind === "text") return text === "" ? null : text;
  if (kind === "json") {
    if (text === "") return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Not JSON: sent as typed, and the API says what it expects.
      return text;
    }
  }
  // A number field with text that is not a number goes as typed: the API says what it expects.
  const number = Number(text);
  return text !== "" && Number.isFinite(number) ? number : text;
}

interface FeeValue {
  city: string;
  feeAed: unknown;
  freeFromAed: unknown;
}

function feeText(value: unknown): string {
  const fee = value as FeeValue;
  return `${fee.city}: ${String(fee.feeAed)}${fee.freeFromAed === null || fee.freeFromAed === undefined ? "" : ` (free from ${String(fee.freeFromAed)})`}`;
}

/** "Abu Dhabi: 200 (free from 5000)" → { city, feeAed: 200, freeFromAed: 5000 }; what is not a number goes as typed. */
function parseFee(part: string): FeeValue {
  const match = /^(.*?)\s*:\s*([^()]*?)\s*(?:\(\s*free from\s*([^)]*?)\s*\))?$/i.exec(part);
  if (!match) return { city: part, feeAed: "", freeFromAed: null };
  const amount = (text: string) => (text !== "" && Number.isFinite(Number(text)) ? Number(text) : text);
  return { city: match[1]!, feeAed: amount(match[2]!), freeFromAed: match[3] === undefined ? null : amount(match[3]) };
}

/**
 * The API's issues (`{ "managerPhones.1": "digits only" }`) by form field: the first message for
 * each field, and the ones no field shows (an unknown key, the body as a whole) under `form`.
 */
export function errorsByField(issues: Record<string, string>): { fields: Record<string, string>; form: string[] } {
  const keys = new Set(SETTING_FIELDS.map((f) => f.key));
  const fields: Record<string, string> = {};
  const form: string[] = [];
  for (const [path, message] of Object.entries(issues)) {
    const [key, ...rest] = path.split(".");
    if (key && keys.has(key)) {
      const item = rest.length > 0 && /^\d+$/.test(rest[0]!) ? ` (item ${Number(rest[0]) + 1})` : "";
      fields[key] ??= `${message}${item}`;
    } else form.push(path ? `${path}: ${message}` : message);
  }
  return { fields, form };
}
