/**
 * Number words to digits, so "ninety-nine dirhams" or "خمسمائه درهم" is checked like "99 AED".
 * Works on text already folded by `normalizeArabic` (lower case; ة→ه, أ→ا, ى→ي). Covers the
 * words a price, quantity, stock figure or discount is written with; ordinals are left alone.
 */

type Kind = "unit" | "teen" | "ten" | "hundred" | "hundreds" | "thousand" | "thousands" | "million" | "dozen";
interface NumberWord {
  value: number;
  kind: Kind;
}

const word = (kind: Kind, entries: Record<string, number>): [string, NumberWord][] => Object.entries(entries).map(([w, value]) => [w, { value, kind }]);

const WORDS = new Map<string, NumberWord>([
  ...word("unit", { zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 }),
  ...word("teen", { ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19 }),
  ...word("ten", { twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 }),
  ...word("hundred", { hundred: 100 }),
  ...word("thousand", { thousand: 1000 }),
  ...word("million", { million: 1_000_000 }),
  ...word("dozen", { dozen: 12 }),
  // Arabic, as normalizeArabic leaves it. Masculine and feminine forms, nominative and oblique.
  ...word("unit", {
    صفر: 0, واحد: 1, واحده: 1, اثنان: 2, اثنين: 2, اثنتان: 2, اثنتين: 2, ثلاث: 3, ثلاثه: 3, اربع: 4, اربعه: 4, خمس: 5, خمسه: 5,
    ست: 6, سته: 6, سبع: 7, سبعه: 7, ثمان: 8, ثماني: 8, ثمانيه: 8, تسع: 9, تسعه: 9,
  }),
  ...word("teen", { عشر: 10, عشره: 10, احدعشر: 11, اثناعشر: 12, اثنيعشر: 12 }),
  ...word("ten", {
    عشرون: 20, عشرين: 20, ثلاثون: 30, ثلاثين: 30, اربعون: 40, اربعين: 40, خمسون: 50, خمسين: 50, ستون: 60, ستين: 60,
    سبعون: 70, سبعين: 70, ثمانون: 80, ثمانين: 80, تسعون: 90, تسعين: 90,
  }),
  // After normalizeArabic, مئة/مائة read ميه/مايه (ئ → ي); the spellings without hamza are common too.
  ...word("hundred", { مئه: 100, مائه: 100, ميه: 100, مايه: 100, ماءه: 100 }),
  ...word("hundreds", { مئتان: 200, مئتين: 200, مائتان: 200, مائتين: 200, ميتان: 200, ميتين: 200, مايتان: 200, مايتين: 200 }),
  ...word("hundreds", compoundHundreds()),
  ...word("thousand", { الف: 1000, الاف: 1000, آلاف: 1000 }),
  ...word("thousands", { الفان: 2000, الفين: 2000 }),
  ...word("million", { مليون: 1_000_000, ملايين: 1_000_000 }),
]);

const ANY_NUMBER_WORD = new RegExp(
  `(?:^|[^\\p{L}])(?:[وب]{0,2})(?:${[...WORDS.keys()].sort((a, b) => b.length - a.length).join("|")})(?![\\p{L}])`,
  "u",
);

/** "خمسمائه" and its spellings: a unit stem written together with the word for hundred. */
function compoundHundreds(): Record<string, number> {
  const stems: Record<string, number> = { ثلاث: 3, اربع: 4, خمس: 5, ست: 6, سبع: 7, ثمان: 8, ثماني: 8, تسع: 9 };
  const entries: Record<string, number> = {};
  for (const [stem, value] of Object.entries(stems)) for (const hundred of ["مئه", "مائه", "ميه", "مايه"]) entries[`${stem}${hundred}`] = value * 100;
  return entries;
}

/** Arabic joins numbers with a prefixed و ("خمسه وعشرون") and prices with a prefixed ب ("بخمسمائه"). */
function lookup(token: string): { word: NumberWord; prefix: string } | null {
  const direct = WORDS.get(token);
  if (direct) return { word: direct, prefix: "" };
  const prefixed = /^(وب|[وب])(.+)$/.exec(token);
  const inner = prefixed ? WORDS.get(prefixed[2]!) : undefined;
  return inner && /[\u0600-\u06FF]/.test(prefixed![2]!) ? { word: inner, prefix: prefixed![1]! } : null;
}

/** Accumulates one number from consecutive number words ("one hundred and fifty", "الف وخمسمائه"). */
class Reading {
  private total = 0;
  private current = 0;
  private last: Kind | null = null;

  /** False when the word cannot continue this number ("two three" is two numbers). */
  accepts(next: NumberWord): boolean {
    if (this.last === null) return true;
    const small = next.kind === "unit" || next.kind === "teen" || next.kind === "ten";
    if (!small) return true;
    const below100 = this.current % 100;
    if (below100 === 0) return true;
    // "twenty five", and Arabic "خمسه وعشرون" (the unit first).
    if (this.last === "ten" && next.kind === "unit") return true;
    return this.last === "unit" && next.kind === "ten" && below100 < 10;
  }

  add(next: NumberWord): void {
    switch (next.kind) {
      case "unit":
      case "teen":
      case "ten":
      case "hundreds":
        this.current += next.value;
        break;
      case "hundred":
        this.current = (this.current % 100 || 1) * 100 + (this.current - (this.current % 100));
        break;
      case "dozen":
        this.current = (this.current || 1) * 12;
        break;
      case "thousand":
      case "million":
        this.total += (this.current || 1) * next.value;
        this.current = 0;
        break;
      case "thousands":
        this.total += next.value;
        break;
    }
    this.last = next.kind;
  }

  get value(): number {
    return this.total + this.current;
  }

  get started(): boolean {
    return this.last !== null;
  }
}

/**
 * Replaces runs of number words with digits: "thirty percent" → "30 percent", "a hundred" →
 * "100", "تسعه وتسعون درهم" → "99 درهم". A lone "a" is not a number; "and"/"و" only join.
 */
export function numberWordsToDigits(text: string): string {
  // Most text has no number word: one scan decides.
  if (!ANY_NUMBER_WORD.test(text)) return text;
  return text.replace(/[^\s.,!?؟،;:()[\]"'«»]+(?:[\s-]+[^\s.,!?؟،;:()[\]"'«»]+)*/g, (run) => convertRun(run));
}

function convertRun(run: string): string {
  const tokens = run.split(/([\s-]+)/);
  const out: string[] = [];
  let reading = new Reading();
  let prefix = "";
  let pendingGlue: string[] = [];
  const flush = () => {
    if (reading.started) out.push(`${prefix ? `${prefix} ` : ""}${reading.value}`);
    reading = new Reading();
    prefix = "";
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (i % 2 === 1) {
      // A separator: kept unless the number continues after it.
      pendingGlue.push(token);
      continue;
    }
    // "a hundred", "a thousand", "a dozen": "a" counts only before a scale word.
    const scaleNext = ["hundred", "thousand", "dozen", "million"].includes(tokens[i + 2] ?? "");
    const found = lookup(token) ?? (token === "a" && !reading.started && scaleNext ? { word: { value: 1, kind: "unit" as const }, prefix: "" } : null);
    if (reading.started && (token === "and" || token === "و")) {
      pendingGlue.push(token);
      continue;
    }
    if (found && (found.prefix === "" || !reading.started || found.prefix === "و") && reading.accepts(found.word)) {
      if (!reading.started) {
        out.push(...pendingGlue);
        prefix = found.prefix === "و" ? "و" : found.prefix;
      }
      pendingGlue = [];
      reading.add(found.word);
      continue;
    }
    if (found) {
      flush();
      out.push(...pendingGlue);
      pendingGlue = [];
      prefix = found.prefix;
      reading.add(found.word);
      continue;
    }
    flush();
    out.push(...pendingGlue, token);
    pendingGlue = [];
  }
  flush();
  out.push(...pendingGlue);
  return out.join("");
}
