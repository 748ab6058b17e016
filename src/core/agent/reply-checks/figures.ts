/**
 * Reads the figures a reply states, by what they could be: money, percentages, phone numbers,
 * stock figures, and every other number. Input is text from `normalizeForChecks`. Each kind is
 * taken out of the text once found, so a figure is judged by one rule only, and what is left is
 * every remaining number: the caller requires each to be licensed by the turn's evidence.
 */

export interface Figure {
  value: number;
  /** The figure as written, for messages. */
  text: string;
  /** Where the figure starts in the normalized text (money, bare prices and other numbers), for the role checks. */
  at?: number;
}

export interface Figures {
  /** Amounts next to a currency word ("845 AED", "AED: 5", "٥ درهم"). */
  money: Figure[];
  /** Bare numbers written as a price ("only 99 today!", "price: 99", "for 500 total"). */
  priceLike: Figure[];
  /** Percentages, with whether the sentence speaks of a discount. */
  percents: (Figure & { discount: boolean })[];
  /** Digit runs of 7 to 15 digits with phone punctuation; `value` is unused, `text` holds the digits. */
  phones: Figure[];
  /** Stock figures ("76 in stock", "only 3 left", "المتوفر: 23"). */
  stock: Figure[];
  /** Every other number: quantities, counts, days, sizes. */
  other: Figure[];
}

const CURRENCY = String.raw`(?:(?<![\p{L}])(?:aed|a\.e\.d\.?|dhs?|dhm|dirhams?|dirhems?|dirhms?|derhams?|durhams?)(?![\p{L}])|درهما|درهم|دراهم|د\.\s?ا\.?)`;
const AMOUNT = String.raw`(\d{1,3}(?:[, ]\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)`;
const MONEY = [
  new RegExp(String.raw`(?<![\d.,])${AMOUNT}\s*[-:=]?\s*${CURRENCY}`, "gu"),
  new RegExp(String.raw`${CURRENCY}\s*[-:=.–—)]*\s*(?:is\s+|of\s+)?${AMOUNT}`, "gu"),
];

const MONTHS = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![\p{L}])|يناير|فبراير|مارس|ابريل|مايو|يونيو|يوليو|اغسطس|سبتمبر|اكتوبر|نوفمبر|ديسمبر`;
/** Dates, times and ordinals: not prices, quantities or stock. */
const CALENDAR = [
  /\b\d{4}-\d{1,2}-\d{1,2}\b/g,
  /\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b/g,
  /\b\d{1,2}:\d{2}(?:\s*(?:am|pm|a\.m\.|p\.m\.))?/g,
  /\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)(?![\p{L}])/gu,
  new RegExp(String.raw`\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:${MONTHS})(?:,?\s+\d{4})?`, "gu"),
  new RegExp(String.raw`(?:${MONTHS})\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?`, "gu"),
  /\b\d+(?:st|nd|rd|th)\b/g,
];

/** E-mail and web addresses: judged by the personal-data check, not read for figures. */
const ADDRESS = /https?:\/\/\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gu;
/** Codes with digits in them (SKUs, quotation and order numbers, "2-3"): names when the evidence has them, figures otherwise. */
const CODE = /[\p{L}\p{N}]+(?:[-_/][\p{L}\p{N}]+)+|[\p{L}]+\p{N}[\p{L}\p{N}]*/gu;
const HAS_DIGIT = /\d/;

/** The codes a text names (what a reply may repeat as names rather than figures). */
export function codesIn(normalized: string): Set<string> {
  return new Set([...normalized.matchAll(CODE)].map((m) => m[0]).filter((code) => HAS_DIGIT.test(code)));
}

const PHONE = /(?<![\p{L}\p{N}_:/.,-])(?:\+|00)?\s?\(?\+?\d[\d \-().\/]{5,}\d(?!\d)/gu;
// Digits read out one by one ("zero five zero, one two three, ..."), commas and all.
const SPELLED_PHONE = /(?<![\d.])\d(?!\d)(?:[\s,.\-]{1,3}\d(?!\d)){6,14}/gu;

const STOCK_WORDS = String.raw`(?:in stock|available|availability|left|remaining|in (?:our|the) (?:warehouse|store)|on hand|ready to (?:ship|deliver)|متوفره|متوفر|متاحه|متاح|في المخزون|بالمخزون|في المستودع)`;
// "3 options available" counts choices, not units.
const NOT_STOCK_NOUNS = String.raw`(?:options?|models?|colou?rs?|types?|choices?|styles?|sizes?|finish(?:es)?|designs?|variants?|versions?|products?|ways?)\b`;
const STOCK = [
  new RegExp(String.raw`(?<![\d.,])(\d[\d,]*)\s+(?:(?!${NOT_STOCK_NOUNS})[\p{L}]+\s+){0,4}${STOCK_WORDS}`, "gu"),
  /(?:stock|inventory|availability|available|in stock|المخزون|المتوفر|المتاح|الكميه المتوفره)\s*(?:level|count)?\s*(?:is|of|:|=|هو|هي)?\s*:?\s*(?:only\s+|just\s+|فقط\s+)?(\d[\d,]*)/gu,
  // "we have 500", "we've got 500 units", "I can hold 40 for you".
  /\b(?:we|i)(?:'ve|’ve)?(?:\s+(?:have|hold|carry|got|stock|keep|can|could|reserve|reserved|set aside|put aside))+\s+(?:only\s+|just\s+)?(\d[\d,]*)(?=\s*(?:units?|pcs|pieces?|of|in|for|[.,!;]|$))/gmu,
  /(?:only|just)\s+(\d[\d,]*)\s+(?:[\p{L}]+\s+){0,2}(?:left|remaining)/gu,
  /(?:متوفر|متاح|لدينا|عندنا|يوجد|يتوفر)\s*(?:منه|منها|حاليا|فقط)?\s*:?\s*(\d[\d,]*)/gu,
];

const PERCENT = /(\d+(?:\.\d+)?)%/g;
// "1. Chair ..." / "2) Desk ...": a numbered list's markers at the start of a line count items, not units.
const LIST_MARKER = /^[ \t]*\d{1,2}[.)](?=[ \t])/gmu;
const DISCOUNT_WORDS =
  /\b(?:off|discount\w*|save|saving|savings|reduc\w*|lower\w*|less|cheaper|promo\w*|coupon|deal|rebate|markdown|sale price|special price)\b|خصم|تخفيض|تنزيل|توفير|عرض خاص|سعر خاص|اقل|ارخص/u;

/** Cues that make a bare number a price: "price: 99", "costs 99", "only 99!", "for 500 total", "99 each". */
const PRICE_BEFORE = /(?:price[sd]?|pricing|cost[s]?|costing|total|subtotal|pay|paying|payment|@|=|at|سعر|بسعر|السعر|سعره|سعرها|التكلفه|بتكلفه|المجموع|الاجمالي|ادفع|تدفع)\s*(?:is|of|:|=|now|just|only|هو|فقط)?\s*:?\s*$/u;
const PRICE_AFTER = /^\s*(?:each|apiece|per\s+(?:unit|piece|item|chair|desk|seat)|(?:in\s+)?total|flat|only|\/-|لكل|للقطعه|للواحد|فقط|بس)(?![\p{L}])/u;
const PRICE_ALONE = /(?:only|just|for|now|ب|بـ)\s*$/u;
const QUANTITY_AFTER_AMOUNT = new RegExp(String.raw`${CURRENCY}\s*(?:each\s+)?(?:for|ب)\s*$`, "u");
const ALONE_AFTER = /^\s*(?:[!.?]|today|now|tonight|$)/u;

const parse = (text: string) => Number(text.replace(/[, ]/g, ""));

/** Replaces every match with spaces, so later readings skip it and positions stay put. */
function takeOut(text: string, pattern: RegExp, onMatch?: (match: RegExpMatchArray, at: number) => void): string {
  return text.replace(pattern, (...args) => {
    const match = args.slice(0, -2) as unknown as RegExpMatchArray;
    onMatch?.(match, args[args.length - 2] as number);
    return " ".repeat((match[0] ?? "").length);
  });
}

/** Reads every figure of a normalized text; `knownCodes` are codes the evidence names (from `codesIn`). */
export function readFigures(normalized: string, knownCodes: ReadonlySet<string> = new Set()): Figures {
  const figures: Figures = { money: [], priceLike: [], percents: [], phones: [], stock: [], other: [] };
  let rest = normalized;
  for (const pattern of CALENDAR) rest = takeOut(rest, pattern);
  rest = takeOut(rest, LIST_MARKER);
  for (const pattern of MONEY) rest = takeOut(rest, pattern, (m, at) => figures.money.push({ value: parse(m[1]!), text: m[0]!.trim(), at }));
  rest = rest.replace(PERCENT, (whole, value: string, offset: number) => {
    const sentence = sentenceAround(normalized, offset, whole.length);
    figures.percents.push({ value: Number(value), text: whole, discount: DISCOUNT_WORDS.test(sentence) });
    return " ".repeat(whole.length);
  });
  rest = takeOut(rest, ADDRESS);
  rest = rest.replace(CODE, (code) => (knownCodes.has(code) ? " ".repeat(code.length) : code));
  const phone = (m: RegExpMatchArray) => {
    const digits = m[0]!.replace(/\D/g, "");
    if (digits.length >= 7 && digits.length <= 15) figures.phones.push({ value: 0, text: digits });
  };
  rest = takeOut(rest, SPELLED_PHONE, phone);
  rest = takeOut(rest, PHONE, phone);
  for (const pattern of STOCK) {
    rest = rest.replace(pattern, (whole, value: string) => {
      figures.stock.push({ value: parse(value), text: whole.trim() });
      // Only the figure goes: the words around it may hold another number.
      return whole.replace(value, " ".repeat(value.length));
    });
  }
  for (const match of rest.matchAll(/(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?/g)) {
    const start = match.index!;
    const before = rest.slice(Math.max(0, start - 30), start);
    const after = rest.slice(start + match[0].length, start + match[0].length + 20);
    const figure = { value: parse(match[0]), text: match[0], at: start };
    // "10,140 AED for 12": after a stated amount, "for N" is the quantity it buys.
    const afterAmount = QUANTITY_AFTER_AMOUNT.test(normalized.slice(Math.max(0, start - 30), start));
    const priceLike = PRICE_BEFORE.test(before) || PRICE_AFTER.test(after) || (PRICE_ALONE.test(before) && ALONE_AFTER.test(after) && !afterAmount);
    (priceLike ? figures.priceLike : figures.other).push(figure);
  }
  return figures;
}

function sentenceAround(text: string, offset: number, length: number): string {
  const start = Math.max(text.lastIndexOf(".", offset), text.lastIndexOf("\n", offset), text.lastIndexOf("!", offset), text.lastIndexOf("?", offset), text.lastIndexOf("؟", offset));
  const ends = [".", "\n", "!", "?", "؟"].map((c) => text.indexOf(c, offset + length)).filter((i) => i >= 0);
  return text.slice(start + 1, ends.length ? Math.min(...ends) : text.length);
}

/** Every number a text mentions, however written: what evidence licenses. */
export function numbersIn(normalized: string): Set<number> {
  const found = new Set<number>();
  for (const match of normalized.matchAll(/\d[\d,]*(?:\.\d+)?/g)) {
    found.add(Number(match[0].replace(/,/g, "")));
    for (const part of match[0].split(",")) if (part) found.add(Number(part));
  }
  return found;
}

/** A phone number's national part: without 00/+, the UAE's 971 and the trunk 0, so every spelling compares equal. */
export function nationalDigits(digits: string): string {
  return digits.replace(/^00/, "").replace(/^971/, "").replace(/^0+/, "");
}
