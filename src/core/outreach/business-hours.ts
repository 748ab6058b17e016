import { z } from "zod";
import type { Language } from "../domain/language";

/**
 * The shop's business hours and holidays, in its own time zone. Pure: whether the shop is open at
 * an instant, and when it next opens (across days, holidays and the zone's offset, DST included).
 */
export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM, 24-hour");

/** Zones already checked: building a formatter loads the zone's rules, and settings are validated on every read. */
const checkedZones = new Map<string, boolean>();

function validZone(zone: string): boolean {
  let valid = checkedZones.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    checkedZones.set(zone, valid);
  }
  return valid;
}

export const businessHoursSchema = z
  .object({
    timezone: z.string().min(1).max(64).refine(validZone, "an IANA time zone such as Asia/Dubai"),
    weekly: z
      .array(z.object({ day: z.enum(WEEKDAYS), open: clock, close: clock }).strict().refine((s) => s.open < s.close, "open must be before close"))
      .max(21),
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD")).max(366),
  })
  .strict();
export type BusinessHours = z.infer<typeof businessHoursSchema>;

interface LocalParts {
  date: string;
  weekday: Weekday;
  minutes: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    partsFormatters.set(zone, f);
  }
  return f;
}

/** The wall clock in `zone` at `instant`. */
function wallClock(instant: number, zone: string): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day), h: Number(parts.hour) % 24, mi: Number(parts.minute), s: Number(parts.second) };
}

function localParts(instant: number, zone: string): LocalParts {
  const w = wallClock(instant, zone);
  const weekday = WEEKDAYS[new Date(Date.UTC(w.y, w.m - 1, w.d)).getUTCDay()]!;
  return { date: `${w.y}-${String(w.m).padStart(2, "0")}-${String(w.d).padStart(2, "0")}`, weekday, minutes: w.h * 60 + w.mi };
}

/** The instant the wall clock in `zone` shows `date` at `minutes` past midnight. */
export function zonedInstant(date: string, minutes: number, zone: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const wanted = Date.UTC(y, m - 1, d, Math.floor(minutes / 60), minutes % 60);
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(guess, zone);
    const shown = Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s);
    guess += wanted - shown;
  }
  return guess;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isOpen(hours: BusinessHours, now: number): boolean {
  const local = localParts(now, hours.timezone);
  if (hours.holidays.includes(local.date)) return false;
  return hours.weekly.some((s) => s.day === local.weekday && toMinutes(s.open) <= local.minutes && local.minutes < toMinutes(s.close));
}

/** When the shop next opens (now, if it is open); null when no opening falls in the next 60 days. */
export function nextOpening(hours: BusinessHours, now: number): number | null {
  if (isOpen(hours, now)) return now;
  const today = localParts(now, hours.timezone);
  const [y, m, d] = today.date.split("-").map(Number) as [number, number, number];
  for (let offset = 0; offset <= 60; offset++) {
    const day = new Date(Date.UTC(y, m - 1, d + offset));
    const date = day.toISOString().slice(0, 10);
    if (hours.holidays.includes(date)) continue;
    const weekday = WEEKDAYS[day.getUTCDay()]!;
    const opens = hours.weekly
      .filter((s) => s.day === weekday)
      .map((s) => toMinutes(s.open))
      .filter((minutes) => offset > 0 || minutes > today.minutes)
      .sort((a, b) => a - b);
    if (opens.length > 0) return zonedInstant(date, opens[0]!, hours.timezone);
  }
  return null;
}

const DAY_NAMES: Record<Language, Record<Weekday, string>> = {
  en: { sun: "Sunday", mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday" },
  ar: { sun: "الأحد", mon: "الإثنين", tue: "الثلاثاء", wed: "الأربعاء", thu: "الخميس", fri: "الجمعة", sat: "السبت" },
};

/** "Sunday 7 December, 08:00" in the shop's zone, in the customer's language. */
export function describeOpening(instant: number, zone: string, language: Language): string {
  const local = localParts(instant, zone);
  const time = `${String(Math.floor(local.minutes / 60)).padStart(2, "0")}:${String(local.minutes % 60).padStart(2, "0")}`;
  return `${DAY_NAMES[language][local.weekday]} ${local.date}, ${time}`;
}

/** What the customer is told when they ask for a person while the shop is closed. */
export function afterHoursNote(opensAt: number | null, zone: string, language: Language): string {
  if (opensAt === null) {
    return language === "ar" ? "فريقنا خارج ساعات العمل الآن، وسيرد عليك شخص في أقرب وقت ممكن." : "Our team is away right now; a person will answer you as soon as possible.";
  }
  const when = describeOpening(opensAt, zone, language);
  return language === "ar"
    ? `فريقنا خارج ساعات العمل الآن. سيرد عليك أحد موظفينا ابتداءً من ${when} (${zone}).`
    : `Our team is away right now. A person will answer you from ${when} (${zone} time).`;
}

/** Whether managers are paged for a handoff now: always within hours; after hours only for an order above the threshold. */
export function pageManagers(open: boolean, reason: string): boolean {
  return open || reason === "order_value";
}
