/**
 * Commitments a reply makes: promises about delivery (where, when, how fast, free), price
 * matching, warranties, returns and customs, and anything "guaranteed" or "confirmed" (ADR 0019).
 * A promise binds the retailer, so each one a sentence makes must be supported by this turn's
 * evidence: a knowledge passage, a tool result or a text the desk wrote. The customer's words
 * never support one ("can you deliver to Oman for free?" is a question, not a policy).
 * Read from text normalized by `normalizeForChecks`, in English and Arabic.
 */

import { termLicensed, termsIn } from "./roles";

/** What a sentence must be about before its places, times and "free" count as promises. */
const SERVICE = [
  // Delivery, shipping, installation.
  /\b(?:deliver\w*|arriv\w*|ship\w*|dispatch\w*|courier|reach(?:es)? you|install\w*|assembl\w*|collect\w*|pick ?up)\b|توصيل|التوصيل|نوصل|يوصل|سنوصل|يصل|تصل|سيصل|ستصل|يصلك|سيصلك|توصل|الشحن|شحن|نشحن|التركيب|تركيب|الاستلام/u,
  // Returns, refunds, exchanges.
  /\b(?:return\w*|refund\w*|exchang\w*|money back)\b|ارجاع|الارجاع|استرجاع|استبدال|الاستبدال|استرداد|ترجيع/u,
  // Warranty.
  /\b(?:warrant\w*)\b|ضمان|الضمان|كفاله/u,
];

interface Concept {
  name: string;
  /** Read only in a sentence about delivery, returns or warranty. */
  service: boolean;
  pattern: RegExp;
}

const WEEKDAYS = String.raw`monday|tuesday|wednesday|thursday|friday|saturday|sunday|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|الاحد`;

/** Claims a sentence makes; each must be one the evidence makes too (any wording of the same claim). */
const CONCEPTS: Concept[] = [
  {
    name: "guaranteed",
    service: false,
    pattern: /\b(?:guarantee[ds]?|guaranteeing|promise[ds]?|rest assured|assured|definitely|for sure|without fail)\b|100% (?:sure|certain)|مضمون|مضمونه|نضمن|اضمن|نعدك|اعدك|اوعدك|نتعهد|بكل تاكيد|اكيد 100/u,
  },
  { name: "confirmed", service: false, pattern: /\bconfirmed\b|موكد|موكده|(?<![\p{L}])تم (?:ال)?تاكيد|تاكد الحجز/u },
  {
    name: "price match",
    service: false,
    pattern: /\b(?:match\w*|beat\w*)\s+(?:[\p{L}'’]+\s+){0,3}(?:price|prices|offer|offers|quote|quotes|deal)\b|\bprice[- ]match\w*|\blowest price\b|نطابق|مطابقه (?:\S+ )?(?:السعر|الاسعار|اسعار)|اقل سعر|نفس سعر المنافس/u,
  },
  { name: "customs", service: false, pattern: /\b(?:customs|clearance|import (?:duty|duties|tax)|duties)\b|جمارك|الجمارك|جمركي|جمركيه|التخليص/u },
  {
    name: "free",
    service: true,
    pattern: /(?<!feel )\bfree(?: of charge)?\b|\bno (?:extra |additional )?(?:charge|cost|fee)s?\b|\bat no (?:extra |additional )?cost\b|\bcomplimentary\b|\bon us\b|مجانا|مجاني|مجانيه|بالمجان|بدون رسوم|بلا رسوم|دون رسوم|بدون تكلفه/u,
  },
  {
    name: "when",
    service: true,
    pattern: new RegExp(
      String.raw`\b(?:tomorrow|today|tonight|this (?:morning|afternoon|evening|week|weekend)|same[- ]day|next[- ]day|overnight|immediately|right away|asap|within the hour|by (?:${WEEKDAYS}))\b|غدا|بكره|بكرا|اليوم|الليله|فورا|حالا|نفس اليوم`,
      "u",
    ),
  },
  { name: "time of day", service: true, pattern: /\b(?:morning|afternoon|evening|midnight)\b|صباحا|مساء|الصباح|المساء|الظهر/u },
  {
    name: "anywhere",
    service: false,
    pattern:
      /\b(?:anywhere|everywhere|all over|any (?:emirate|city|address|location|country)|all (?:seven |7 )?emirates|across the (?:uae|country|emirates|gcc)|nationwide|worldwide|internationally|abroad|overseas)\b|اي مكان|كل مكان|جميع انحاء|جميع الامارات|كل الامارات|الامارات السبع|خارج الدوله|خارج الامارات/u,
  },
  {
    name: "no limits",
    service: true,
    pattern: /\b(?:lifetime|forever|for life|unlimited|no questions asked|any ?time|full refund|money[- ]back|always)\b|مدى الحياه|مدي الحياه|بدون اسئله|في اي وقت|دائما|استرداد كامل/u,
  },
];

/** Places a delivery, return or customs promise may name; a place must be one the evidence names (any of its spellings). */
const PLACES: [string, RegExp][] = (
  [
    ["uae", String.raw`\b(?:uae|u\.a\.e|emirates)\b`, "الامارات"],
    ["dubai", String.raw`\bdubai\b`, "دبي"],
    ["abu dhabi", String.raw`\babu ?dhabi\b`, "ابو ?ظبي|ابوظبي"],
    ["sharjah", String.raw`\bsharjah\b`, "الشارقه"],
    ["ajman", String.raw`\bajman\b`, "عجمان"],
    ["al ain", String.raw`\bal ain\b`, "مدينه العين"],
    ["ras al khaimah", String.raw`\bras al khaimah\b`, "راس الخيمه"],
    ["fujairah", String.raw`\bfujairah\b`, "الفجيره"],
    ["umm al quwain", String.raw`\bumm al quwain\b`, "ام القيوين"],
    ["oman", String.raw`\boman\b`, "سلطنه عمان|عمان"],
    ["muscat", String.raw`\bmuscat\b`, "مسقط"],
    ["saudi arabia", String.raw`\b(?:saudi|ksa|riyadh|jeddah|dammam)\b`, "السعوديه|الرياض|جده|الدمام"],
    ["qatar", String.raw`\b(?:qatar|doha)\b`, "قطر|الدوحه"],
    ["bahrain", String.raw`\b(?:bahrain|manama)\b`, "البحرين|المنامه"],
    ["kuwait", String.raw`\bkuwait\b`, "الكويت"],
    ["gcc", String.raw`\b(?:gcc|gulf)\b`, "الخليج"],
    ["other country", String.raw`\b(?:india|pakistan|egypt|jordan|lebanon|iran|iraq|uk|usa|europe|america|china|turkey)\b`, "الهند|باكستان|مصر|الاردن|لبنان|ايران|العراق|بريطانيا|امريكا|اوروبا|الصين|تركيا"],
  ] as const
).map(([name, english, arabic]) => [name, new RegExp(String.raw`${english}|(?<![\p{L}])[وبلف]?(?:${arabic})(?![\p{L}])`, "u")]);

/** Dates and clock times: a promised date or hour must be one the evidence states, as written. */
const CALENDAR = new RegExp(
  String.raw`\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{1,2}(?:st|nd|rd|th)?\b|\b\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?\b|\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b|\b(?:${WEEKDAYS})\b|${WEEKDAYS.split("|").slice(7).join("|")}`,
  "gu",
);

/** Said just before a claim, these make it no promise ("we cannot guarantee", "delivery is not free", "لا نضمن"). */
const NEGATORS = new Set(["not", "no", "never", "t", "cannot", "unable", "unfortunately", "without", "لا", "لم", "لن", "ليس", "ليست", "غير", "يتعذر"]);

function tokens(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** Whether the claim at `index` of the sentence is negated by one of the four words before it. */
function negated(sentence: string, index: number): boolean {
  // "No problem", "no doubt", "لا مشكله": affirmations, not negations.
  const before = sentence.slice(0, index).replace(/\bno (?:problem|worries|doubt)\b|لا مشكله|ولا يهمك/gu, " ");
  return tokens(before).slice(-4).some((word) => NEGATORS.has(word));
}

/** The sentences of a reply, each with the character that ended it ("?" marks a question). */
function sentences(text: string): { sentence: string; end: string }[] {
  return [...text.matchAll(/[^.!?؟\n;]+(?:[.!?؟\n;]|$)/gu)].map((m) => {
    const raw = m[0];
    const end = /[.!?؟\n;]$/u.test(raw) ? raw.slice(-1) : "";
    return { sentence: (end ? raw.slice(0, -1) : raw).trim(), end };
  });
}

/** A question asks, it does not promise ("Would you like delivery tomorrow?"). */
const QUESTION_START = /^(?:would|do|does|shall|should|can i|could i|may i|is it|are you|هل|ما|متى|اين)\b/u;

export interface Commitment {
  /** The sentence, as normalized. */
  sentence: string;
  /** What it promises that the evidence does not: claims, places, dates. */
  unsupported: string[];
}

/** The claims a sentence makes as a promise, each with how to find the same claim in the evidence. */
function claimsOf(sentence: string): { name: string; supportedBy: (evidence: string) => boolean }[] {
  const service = SERVICE.some((pattern) => pattern.test(sentence));
  const claims: { name: string; supportedBy: (evidence: string) => boolean }[] = [];
  for (const concept of CONCEPTS) {
    if (concept.service && !service) continue;
    const match = new RegExp(concept.pattern.source, "gu").exec(sentence);
    if (!match || negated(sentence, match.index)) continue;
    claims.push({ name: concept.name, supportedBy: (evidence) => concept.pattern.test(evidence) });
  }
  // How fast ("within 2 hours", "خلال يومين") is a promise in any sentence: the same length, said as how fast, in the evidence.
  for (const term of termsIn(sentence).filter((t) => t.lead)) {
    claims.push({ name: `within ${term.value} ${term.unit}`, supportedBy: (evidence) => termLicensed(term, termsIn(evidence)) });
  }
  if (!service && claims.length === 0) return claims;
  for (const [place, pattern] of PLACES) {
    const match = pattern.exec(sentence);
    if (match && !negated(sentence, match.index)) claims.push({ name: place, supportedBy: (evidence) => pattern.test(evidence) });
  }
  for (const match of sentence.matchAll(CALENDAR)) {
    if (negated(sentence, match.index!)) continue;
    const written = match[0].trim();
    claims.push({ name: written, supportedBy: (evidence) => evidence.includes(written) });
  }
  return claims;
}

/**
 * The promises of a normalized reply that this turn's evidence does not support. `evidence` is
 * every knowledge passage, tool result and desk text of the turn, normalized and joined. A
 * sentence the evidence states word for word (the desk's own message) supports itself: every
 * claim in it is one the evidence makes.
 */
export function unsupportedCommitments(normalizedReply: string, evidence: string): Commitment[] {
  const found: Commitment[] = [];
  for (const { sentence, end } of sentences(normalizedReply)) {
    if (!sentence || end === "?" || end === "؟" || QUESTION_START.test(sentence)) continue;
    const claims = claimsOf(sentence);
    // Places and dates alone, with no promise of a service, are no commitment ("our showroom is in Dubai").
    const unsupported = claims.filter((claim) => !claim.supportedBy(evidence)).map((claim) => claim.name);
    if (unsupported.length > 0) found.push({ sentence, unsupported: [...new Set(unsupported)] });
  }
  return found;
}

/** What the model is told when its draft promised what the evidence does not support. */
export function commitmentCorrection(commitments: readonly Commitment[]): string {
  const listed = commitments.map((c) => `"${c.sentence.slice(0, 120)}" (${c.unsupported.join(", ")})`).join("; ");
  return `Your draft promised what no knowledge passage or tool result of this turn states: ${listed}. Do not promise delivery dates, places, speeds, free services, price matching, customs, returns or guarantees unless search_knowledge or another tool returned them; call search_knowledge, or say you will check and offer a manager.`;
}
