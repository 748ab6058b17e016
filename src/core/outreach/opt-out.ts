import { normalizeArabic } from "../domain/language";
import type { Language } from "../domain/language";

/**
 * Opting out of proactive messages (follow-ups, back-in-stock notices). A message is an opt-out or
 * opt-in command only when it says nothing else: "STOP", "unsubscribe", "إلغاء", "stop please".
 * "stop, how much is the chair?" is a question and is answered; replies to questions are never
 * blocked by an opt-out, only messages we start ourselves.
 */
export type OptCommand = "stop" | "start";

const STOP = new Set([
  "stop", "stop all", "stop messages", "stop messaging", "stop sending", "stop sending messages", "stop it",
  "unsubscribe", "unsub", "opt out", "optout", "opt-out", "cancel messages", "cancel subscription", "no more messages",
  "الغاء", "الغاء الاشتراك", "الغاء الرسايل", "الغاء الرسائل", "توقف", "وقف", "اوقف", "ايقاف", "ستوب", "قف", "لا ترسل", "لا ترسلوا",
]);
const START = new Set(["start", "unstop", "subscribe", "resume", "opt in", "optin", "opt-in", "ابدا", "اشتراك", "ستارت", "استمرار"]);
/** Courtesy words that may surround a command without making it a question. */
const COURTESY = new Set(["please", "pls", "plz", "thanks", "thank you", "now", "من فضلك", "لو سمحت", "شكرا", "الان"]);

/** Lower-cased, Arabic folded, punctuation and emoji dropped, spaces collapsed. */
function normalize(text: string): string {
  return normalizeArabic(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function stripCourtesy(text: string): string {
  let out = text;
  for (let changed = true; changed; ) {
    changed = false;
    for (const word of COURTESY) {
      if (out.startsWith(`${word} `)) {
        out = out.slice(word.length + 1);
        changed = true;
      }
      if (out.endsWith(` ${word}`)) {
        out = out.slice(0, -word.length - 1);
        changed = true;
      }
    }
  }
  return out;
}

/** The command a customer's whole message is, or null when it says anything else. */
export function optCommand(text: string | null | undefined): OptCommand | null {
  if (!text) return null;
  const core = stripCourtesy(normalize(text));
  if (STOP.has(core)) return "stop";
  if (START.has(core)) return "start";
  return null;
}

export interface OptState {
  optedOut: boolean;
}

/**
 * What a command does to the state: the new state and whether the customer gets a confirmation.
 * A change is confirmed once; a repeated command changes nothing and sends nothing.
 */
export function applyOptCommand(state: OptState, command: OptCommand): { optedOut: boolean; confirm: boolean } {
  const optedOut = command === "stop";
  return { optedOut, confirm: optedOut !== state.optedOut };
}

const CONFIRMATIONS: Record<OptCommand, Record<Language, string>> = {
  stop: {
    en: "Done: we will not send you reminders or notices any more. You can still write to us any time, and we will answer. Reply START to receive them again.",
    ar: "تم: لن نرسل لك تذكيرات أو إشعارات بعد الآن. يمكنك مراسلتنا في أي وقت وسنرد عليك. أرسل START لتلقيها مرة أخرى.",
  },
  start: {
    en: "Welcome back: we will send you reminders about your quotations and notices when items you asked about are back in stock. Reply STOP to end them.",
    ar: "أهلاً بعودتك: سنرسل لك تذكيرات بعروض الأسعار وإشعارات عند توفر المنتجات التي طلبتها. أرسل STOP لإيقافها.",
  },
};

export function optConfirmation(command: OptCommand, language: Language): string {
  return CONFIRMATIONS[command][language];
}
