import { normalizeArabic } from "../../domain/language";
import { CITIES } from "./lexicon";

/** What a customer tells about themselves that an order needs: name, delivery city, company. */
export interface Details {
  name?: string;
  city?: string;
  company?: string;
}

const NAME_EN = /\b(?:my name is|name is|name:|this is|i am|i'm|im)\s+([A-Z][a-zA-Z'-]+(?:\s+[A-Z][a-zA-Z'-]+){0,2})/;
const NAME_AR = /(?:اسمي|إسمي|معك|الاسم:?)\s+([\u0621-\u064A]{2,}(?:\s+[\u0621-\u064A]{2,})?)/;
const COMPANY_EN = /\b(?:company(?: name)?(?: is|:)?|from|at|with)\s+([A-Z][A-Za-z0-9&.'-]*(?:\s+[A-Z][A-Za-z0-9&.'-]*){0,3}\s+(?:LLC|L\.L\.C|FZE|FZCO|FZ-LLC|Ltd|Group|Trading|Company|Co\.?))\b/;
const COMPANY_AR = /(شركة|مؤسسة)\s+([\u0621-\u064A]{2,}(?:\s+[\u0621-\u064A]{2,}){0,2})/;
const CITY_WORDS = /\b(in|from|to|delivery|deliver|city|at)\b|(في|من|الى|إلى|المدينة|مدينة|التوصيل)/g;

/**
 * Reads a name, a delivery city and a company from a message. When we have just asked for these
 * details (`answering`), a short reply such as "Sara Ahmed, Dubai" or "فاطمة - الشارقة" is read
 * as the name plus the city.
 */
export function extractDetails(text: string, normalized: string, answering: boolean): Details {
  const details: Details = {};
  const city = CITIES.find((c) => c.pattern.test(normalized));
  if (city) details.city = city.name;
  const company = COMPANY_EN.exec(text);
  if (company) details.company = company[1]!.trim();
  const companyAr = COMPANY_AR.exec(text);
  if (!details.company && companyAr) details.company = `${companyAr[1]} ${companyAr[2]}`.trim();
  const name = NAME_EN.exec(text) ?? NAME_AR.exec(text);
  if (name && !CITIES.some((c) => c.pattern.test(normalizeArabic(name[1]!)))) details.name = name[1]!.trim();
  if (!details.name && answering) {
    const guess = nameFromShortReply(text);
    if (guess) details.name = guess;
  }
  return details;
}

/** The part of a short answer that is neither the city, the company nor a filler word. */
function nameFromShortReply(text: string): string | null {
  const parts = text
    .split(/[,،;\n\-–|/]+|\band\b|\s+و\s+/)
    .map((part) => part.replace(CITY_WORDS, " ").replace(/\s+/g, " ").trim())
    .filter(Boolean);
  for (const part of parts) {
    if (CITIES.some((c) => c.pattern.test(normalizeArabic(part)))) continue;
    if (/(شركة|مؤسسة)|\b(llc|company|trading|fze)\b/i.test(part)) continue;
    const words = part.split(" ");
    if (words.length <= 3 && words.every((w) => /^[A-Za-z'-]{2,}$|^[\u0621-\u064A]{2,}$/.test(w)) && !/\b(yes|no|ok|please|thanks)\b/i.test(part)) return part;
  }
  return null;
}
