/**
 * The role a figure plays where a reply puts it (ADR 0019): a customer's budget, a price in a
 * currency other than AED, a fee, or a term (a warranty, a delivery time, a return period). A
 * number the evidence states in one role does not license it in another: the customer's budget is
 * never a price, a stock figure is never a warranty, and "2 hours" is not "2 to 3 working days".
 * Input is text from `normalizeForChecks`.
 */

const SPACE_OR_DASH = String.raw`[\s-]*`;

/** Words right before a figure that make it the customer's budget ("your budget of 800 AED", "ميزانيتك 800 درهم"). */
const BUDGET_BEFORE =
  /(?:budget|ميزانيه|ميزانيتك|ميزانيتكم)\s*(?:is|of|was|:|=|at|هي|في حدود|حدود|بحدود)?\s*(?:around|about|up to|under|below|approximately|roughly|max(?:imum)?|of|only|just)?\s*$/u;
/** Words right after a figure that make it a budget ("800 AED budget", "150 AED per chair budget"). */
const BUDGET_AFTER = /^\s*(?:per\s+[\p{L}]+\s+)?budget/u;

/** Whether the figure at `at` (written as `text`) in the normalized line is stated as the customer's budget. */
export function isBudget(line: string, at: number, text: string): boolean {
  return BUDGET_BEFORE.test(line.slice(Math.max(0, at - 40), at)) || BUDGET_AFTER.test(line.slice(at + text.length));
}

/** Currencies other than the dirham, by one name each. */
const FOREIGN: [string, RegExp][] = [
  ["usd", /\$|(?<![\p{L}])(?:usd|us\s?dollars?|dollars?|bucks)(?![\p{L}])|دولار/u],
  ["eur", /€|(?<![\p{L}])(?:eur|euros?)(?![\p{L}])|يورو/u],
  ["gbp", /£|(?<![\p{L}])(?:gbp|sterling)(?![\p{L}])|جنيه|استرليني/u],
  ["sar", /(?<![\p{L}])(?:sar|riyals?|riyal|rials?|omr|qar)(?![\p{L}])|ريال/u],
  ["kwd", /(?<![\p{L}])(?:kwd|bhd|jod|dinars?)(?![\p{L}])|دينار/u],
  ["inr", /₹|(?<![\p{L}])(?:inr|rupees?|rs\.?)(?![\p{L}])|روبيه/u],
  ["other", /[¥₽₺₩]|(?<![\p{L}])(?:yen|yuan|rmb|cny|chf|francs?|lira|rubles?|roubles?)(?![\p{L}])/u],
];
const AMOUNT = String.raw`\d[\d,]*(?:\.\d+)?`;

export interface ForeignAmount {
  currency: string;
  value: number;
  text: string;
}

/** Amounts written in a currency other than AED ("$66", "66 dollars", "٦٦ دولار"). */
export function foreignAmounts(normalized: string): ForeignAmount[] {
  const found: ForeignAmount[] = [];
  for (const [currency, word] of FOREIGN) {
    const name = word.source;
    const patterns = [new RegExp(String.raw`(?:${name})\s*(${AMOUNT})`, "gu"), new RegExp(String.raw`(?<![\d.,])(${AMOUNT})\s*(?:${name})`, "gu")];
    for (const pattern of patterns) {
      for (const m of normalized.matchAll(pattern)) found.push({ currency, value: Number(m[1]!.replace(/,/g, "")), text: m[0] });
    }
  }
  return found;
}

/** The currencies other than AED a text names, with or without an amount. */
export function currenciesNamed(normalized: string): Set<string> {
  return new Set(FOREIGN.filter(([, word]) => word.test(normalized)).map(([currency]) => currency));
}

/** What a term is measured in; years and months, days and weeks are compared as written. */
const UNITS: [string, RegExp][] = [
  ["minute", /^(?:minutes?|mins?|دقيقه|دقائق|دقايق)/u],
  ["hour", /^(?:hours?|hrs?|ساعه|ساعات)/u],
  ["day", /^(?:(?:working|business|calendar)\s+)?(?:days?|يوم|ايام)/u],
  ["week", /^(?:weeks?|اسبوع|اسابيع)/u],
  ["month", /^(?:months?|شهر|اشهر|شهور)/u],
  ["year", /^(?:years?|yrs?|سنه|سنوات|سنين|اعوام|عام)/u],
];
/** Arabic duals: "سنتين" is 2 years, "يومين" 2 days. */
const DUALS: Record<string, [number, string]> = {
  ساعتين: [2, "hour"], ساعتان: [2, "hour"], يومين: [2, "day"], يومان: [2, "day"], اسبوعين: [2, "week"], اسبوعان: [2, "week"],
  شهرين: [2, "month"], شهران: [2, "month"], سنتين: [2, "year"], سنتان: [2, "year"], عامين: [2, "year"], عامان: [2, "year"],
};
const DUAL = new RegExp(`(?<![\\p{L}])(?:${Object.keys(DUALS).join("|")})(?![\\p{L}])`, "gu");
/** "within 2 hours", "in 3 days", "takes 2 days", "خلال يومين": how fast something happens. */
const LEAD_BEFORE = /(?<![\p{L}])(?:within|in|under|takes?|taking|less than|no more than|خلال|في غضون|في|بعد)\s*(?:just\s+|only\s+|about\s+)?$/u;
// "2 to 3 working days", "2-3 days", "3 or 4 weeks", "من 2 الي 3 ايام": every number of the range has the unit.
const TERM = new RegExp(String.raw`(?<![\d.,])(\d+(?:\.\d+)?)((?:${SPACE_OR_DASH}(?:to|or|and|-|–|الي|او|و)${SPACE_OR_DASH}\d+(?:\.\d+)?)*)${SPACE_OR_DASH}(?:(?:working|business|calendar)\s+)?`, "gu");

export interface Term {
  value: number;
  unit: string;
  /** Said as how fast ("within 2 hours"), not as a length ("a 2-hour window"). */
  lead: boolean;
}

/** Every length of time a text states: "within 2 to 3 working days", "a 5-year warranty", "خلال يومين". */
export function termsIn(normalized: string): Term[] {
  const terms: Term[] = [];
  for (const m of normalized.matchAll(TERM)) {
    const after = normalized.slice(m.index! + m[0].length);
    const unit = UNITS.find(([, pattern]) => pattern.test(after))?.[0];
    if (!unit) continue;
    const lead = LEAD_BEFORE.test(normalized.slice(Math.max(0, m.index! - 20), m.index!));
    const values = [m[1]!, ...(m[2]!.match(/\d+(?:\.\d+)?/g) ?? [])];
    for (const value of values) terms.push({ value: Number(value), unit, lead });
  }
  for (const m of normalized.matchAll(DUAL)) {
    const [value, unit] = DUALS[m[0]]!;
    terms.push({ value, unit, lead: LEAD_BEFORE.test(normalized.slice(Math.max(0, m.index! - 20), m.index!)) });
  }
  return terms;
}

const WARRANTY = /warrant|guarantee|ضمان|كفاله/u;
/** A reply's clauses: sentences and comma-separated parts; a comma inside a number does not cut. */
const CLAUSE = /[;\n!?؟]|\.(?!\d)|,(?!\d{3})/u;
/** A tool result's clauses: JSON values apart ("in_stock": 15 is not "warranty_years": 5), and the sentences inside them. */
const RESULT_CLAUSE = /[;\n{}[\]!?؟]|\.(?!\d)|,(?=")/u;

/**
 * Warranty figures a text states. A knowledge passage that speaks of warranties states every term
 * in it (`wholePassage`); a tool result only the numbers of a clause that names a warranty (a
 * product's "warranty_years": 5, "5-year warranty" in its description), never its stock or price.
 */
export function warrantyFigures(normalized: string, wholePassage = false): Set<number> {
  const found = new Set<number>();
  const clauses = wholePassage ? [normalized] : normalized.split(RESULT_CLAUSE);
  for (const clause of clauses) {
    if (!WARRANTY.test(clause)) continue;
    for (const term of termsIn(clause)) found.add(term.value);
    if (!wholePassage) for (const m of clause.matchAll(/\d+(?:\.\d+)?/g)) found.add(Number(m[0]));
  }
  return found;
}

/** What a term in a reply needs: the same length in the evidence, said the same way when it says how fast. */
export function termLicensed(term: Term, evidence: readonly Term[]): boolean {
  return evidence.some((e) => e.value === term.value && e.unit === term.unit && (e.lead || !term.lead));
}

/**
 * Terms a reply states that the evidence does not: a warranty's length must be a warranty figure
 * of the evidence (a knowledge passage or the product's own details), every other length of time
 * (delivery, returns, refunds) one a knowledge passage or the desk states, in the same unit.
 */
export function unlicensedTerms(reply: string, statedTerms: readonly Term[], warranty: ReadonlySet<number>): number[] {
  const unsupported: number[] = [];
  for (const clause of reply.split(CLAUSE)) {
    const terms = termsIn(clause);
    if (WARRANTY.test(clause)) {
      for (const term of terms) if (!warranty.has(term.value)) unsupported.push(term.value);
      continue;
    }
    for (const term of terms) if (!termLicensed(term, statedTerms)) unsupported.push(term.value);
  }
  return unsupported;
}

/** Words before a money amount that make it a fee ("delivery fee of AED 100", "shipping: 50 AED", "رسوم التوصيل 100 درهم"). */
const FEE_BEFORE = /^(?:fee|fees|charge|charges|charged|surcharge|shipping|delivery|courier|installation|assembly|رسوم|رسم|التوصيل|توصيل|الشحن|شحن|التركيب|تركيب)$/u;
/** Words right after one that make it a fee ("100 AED delivery fee", "AED 75 per visit", "100 درهم رسوم توصيل"). */
const FEE_AFTER =
  /^\s*(?:(?:for|as|per)\s+(?:a\s+|the\s+)?)?(?:(?:delivery|shipping|installation|assembly|courier|service|extra|additional)\s+)?(?:fee|fees|charge|surcharge|visit|delivery|shipping|installation|assembly)(?![\p{L}])|^\s*(?:رسوم|رسم|للتوصيل|للشحن|للتركيب)/u;

/** Whether the money amount at `at` (written as `text`) is stated as a fee: a fee word among the three words before it, in its clause, or right after it. */
export function isFee(line: string, at: number, text: string): boolean {
  const before = line.slice(Math.max(0, at - 40), at).split(CLAUSE).pop() ?? "";
  const words = before.split(/[^\p{L}]+/u).filter(Boolean).slice(-3);
  return words.some((word) => FEE_BEFORE.test(word)) || FEE_AFTER.test(line.slice(at + text.length));
}
