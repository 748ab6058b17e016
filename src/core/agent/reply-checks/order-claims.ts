/**
 * Whether a reply tells the customer an order exists. Read from normalized text (`normalizeForChecks`)
 * by meaning rather than by phrase: a sentence that names an order or purchase and says it is done
 * ("your purchase has gone through", "تم تسجيل طلبك"), unless the completion word is itself negated,
 * conditional or still to come ("will be placed once you reply", "لم يتم تأكيد الطلب بعد").
 */

const ORDER_NOUNS = new Set([
  "order", "orders", "purchase", "purchases", "booking", "reservation", "transaction", "salesorder",
  "طلب", "طلبك", "طلبكم", "الطلب", "طلبيه", "طلبيتك", "الطلبيه", "الشراء", "شراءك", "شرايك", "حجز", "حجزك", "الحجز", "امر",
]);

// What says the order is done. Multi-word forms are matched on the sentence's tokens joined by spaces.
const DONE = [
  /\b(?:placed|confirmed|created|submitted|processed|processing|registered|recorded|booked|logged|received|accepted|approved|completed?|finali[sz]ed|successful(?:ly)?|secured|locked|dispatched|shipped|fulfilled|underway|sorted)\b/g,
  /\b(?:gone|went|goes|go|is|put|pushed) (?:\w+ ){0,2}through\b/g,
  /\b(?:all set|on (?:its|the) way|being (?:prepared|packed|processed|shipped|delivered)|in (?:the|our) system|good to go|done)\b/g,
  // Arabic (as normalizeArabic leaves it: مؤكد → موكد): "تم/تمت" + verbal noun, first-person past verbs, and states.
  /(?:^| )(?:تم|تمت|اكدنا|سجلنا|ثبتنا|نفذنا|انشانا|ارسلنا|اعتمدنا|قمنا|بنجاح|موكد|موكده|مسجل|مسجله|معتمد|جار|جاري|قيد التجهيز|قيد التنفيذ|قيد الشحن|في الطريق|جاهز للشحن)(?= |$)/g,
];

// Claims that need no order noun: "you've successfully bought 5 desks", "اشتريت بنجاح".
const BOUGHT = [/\b(?:you(?: ve| have)?|you re|you are) (?:now |successfully |just |officially )*(?:ordered|purchased|bought)\b/, /(?:^| )(?:اشتريت|طلبت) (?:\S+ )?بنجاح/];

// Said just before the completion word, these make it not (yet) true.
const NOT_YET = new Set([
  "not", "nt", "t", "never", "no", "nothing", "yet", "will", "would", "can", "could", "shall", "should", "may", "might", "to", "be", "once", "when", "after",
  "if", "before", "until", "unless", "whether", "soon", "ready", "want", "like", "need", "able",
  "لم", "لن", "ليس", "لا", "غير", "سيتم", "سوف", "عند", "عندما", "اذا", "حين", "بمجرد", "قبل", "حتي", "بعد", "يمكن", "يمكنني", "نستطيع", "ل",
]);

function tokens(sentence: string): string[] {
  return sentence.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** An order noun, also with an Arabic prefix (و، ف، ب، ل). */
function namesOrder(words: string[]): boolean {
  return words.some((w) => ORDER_NOUNS.has(w) || (/^[وفبل]/.test(w) && ORDER_NOUNS.has(w.slice(1))));
}

function claimsInSentence(sentence: string): boolean {
  const words = tokens(sentence);
  if (BOUGHT.some((pattern) => pattern.test(words.join(" ")))) return true;
  if (!namesOrder(words)) return false;
  // "no order has been placed yet"
  if (words.some((w, i) => ORDER_NOUNS.has(w) && ["no", "any"].includes(words[i - 1] ?? ""))) return false;
  const joined = words.join(" ");
  for (const pattern of DONE) {
    for (const match of joined.matchAll(pattern)) {
      const before = joined.slice(0, match.index).split(" ").filter(Boolean).slice(-3);
      const after = joined.slice(match.index! + match[0].length).split(" ").filter(Boolean).slice(0, 2);
      // "has not been placed", "will be placed", "to be confirmed", "لم يتم", "not placed yet": not a claim.
      if (before.some((w) => NOT_YET.has(w) || w.endsWith("nt"))) continue;
      if (after.some((w) => w === "yet" || w === "بعد")) continue;
      return true;
    }
  }
  return false;
}

/** True when a sentence of the normalized reply says an order was made. */
export function claimsOrder(normalized: string): boolean {
  return normalized.split(/[.!?؟\n;]+/).some(claimsInSentence);
}
