import type { Language } from "../../domain/language";
import type { ProductView } from "../catalog";
import { formatAed } from "../offline";
import { ASK_MARKERS } from "./context";
import type { SearchSlots, Topic } from "./understand";

/**
 * Everything the offline salesperson says, in English and Arabic. Replies that ask something end
 * with the marker `context.ts` reads back next turn (which product, the buyer's details, ...).
 */
type Texts = { en: string; ar: string };
const pick = (texts: Texts, language: Language) => texts[language];

export const LABEL: Texts = {
  en: "🤖 Automatic assistant (offline mode)",
  ar: "🤖 المساعد الآلي (الوضع دون اتصال)",
};

const money = formatAed;

export function productName(product: { name: string; nameAr: string | null }, language: Language): string {
  return language === "ar" && product.nameAr ? product.nameAr : product.name;
}

export const say = {
  hello: (language: Language) => pick({ en: "Hello!", ar: "أهلاً وسهلاً!" }, language),
  greeting: (language: Language) =>
    pick(
      {
        en: "Hello! I am the store's automatic assistant: I can suggest products from our catalogue with exact prices and stock, answer questions about delivery, warranty, payment, our showroom and returns, and prepare a quotation. What does your office need? For example: \"12 mesh chairs in stock\" or \"a standing desk within my budget\".",
        ar: "أهلاً بك! أنا المساعد الآلي للمتجر: أقترح عليك منتجات من الكتالوج بأسعارها ومخزونها الدقيق، وأجيب عن أسئلة التوصيل والضمان والدفع والمعرض والإرجاع، وأجهّز لك عرض سعر. ماذا يحتاج مكتبك؟ مثلاً: \"12 كرسي شبكي متوفر\".",
      },
      language,
    ),
  identity: (language: Language) =>
    pick(
      {
        en: "I am an automatic assistant, not a person. I answer from our catalogue and our published policies. If you would like a sales manager, just write \"talk to a manager\".",
        ar: "أنا مساعد آلي ولست شخصاً. أجيب من الكتالوج ومن سياسات المتجر المنشورة. إذا أردت التحدث مع مدير مبيعات اكتب \"أريد التحدث مع موظف\".",
      },
      language,
    ),
  thanks: (language: Language) =>
    pick({ en: "You're welcome! Tell me if you need anything else.", ar: "على الرحب والسعة! أخبرني إن احتجت أي شيء آخر." }, language),
  knowledge: (topic: Topic, sentences: string[], language: Language) =>
    [
      pick(TOPIC_TITLES[topic], language),
      sentences.join(" "),
      pick({ en: "Anything else? I can also suggest products or prepare a quotation.", ar: "هل من شيء آخر؟ يمكنني أيضاً اقتراح منتجات أو تجهيز عرض سعر." }, language),
    ].join("\n"),
  noKnowledge: (language: Language) =>
    pick({ en: "I have no written answer to that in our policies.", ar: "لا أجد إجابة مكتوبة عن ذلك في سياسات المتجر." }, language),
  listing: (products: ProductView[], slots: SearchSlots, language: Language) =>
    [
      pick({ en: `Here ${products.length === 1 ? "is what I found" : `are ${products.length} options`}${constraints(slots, language)}:`, ar: `إليك ما وجدته${constraints(slots, language)}:` }, language),
      ...products.map((p, i) => `${i + 1}. ${productLine(p, language)}`),
      pick(
        { en: 'To order, reply for example "2 of the first one" and I will prepare your quotation.', ar: 'للطلب اكتب مثلاً "2 من الأول" وسأجهّز لك عرض السعر.' },
        language,
      ),
    ].join("\n"),
  nothingFound: (slots: SearchSlots, language: Language) =>
    pick(
      {
        en: `I found nothing${constraints(slots, language)}. You could try another budget or describe it in other words.`,
        ar: `لم أجد شيئاً${constraints(slots, language)}. جرّب ميزانية أخرى أو صف ما تحتاجه بكلمات أخرى.`,
      },
      language,
    ),
  notEnoughStock: (quantity: number, language: Language) =>
    pick({ en: `Nothing matching has ${quantity} in stock right now; these come closest (stock shown).`, ar: `لا يتوفر الآن ${quantity} من أي منتج مطابق؛ هذه أقرب الخيارات (المخزون مذكور).` }, language),
  which: (shown: { sku: string }[], language: Language) =>
    shown.length === 1
      ? pick(
          {
            en: `I showed only one option, ${shown[0]!.sku}. ${ASK_MARKERS.which[0]}? Reply 1 for that one, or tell me what else to look for.`,
            ar: `عرضت عليك خياراً واحداً فقط، ${shown[0]!.sku}. ${ASK_MARKERS.which[1]}؟ اكتب 1 لهذا المنتج، أو أخبرني بما تبحث عنه.`,
          },
          language,
        )
      : pick(
      {
        en: `${ASK_MARKERS.which[0]}? Reply with its number (1 to ${shown.length}) or its SKU.`,
        ar: `${ASK_MARKERS.which[1]}؟ اكتب رقمه (من 1 إلى ${shown.length}) أو رمزه.`,
      },
      language,
    ),
  added: (quantity: number, product: ProductView, language: Language) =>
    pick(
      {
        en: `Added ${quantity} × ${product.name} (${product.sku}) at ${money(product.priceAed, language)} each.`,
        ar: `أضفت ${quantity} × ${productName(product, language)} (${product.sku}) بسعر ${money(product.priceAed, language)} للقطعة.`,
      },
      language,
    ),
  shortStock: (problems: { name: string; available: number; requested: number }[], language: Language) =>
    problems
      .map((s) =>
        pick({ en: `Note: only ${s.available} of ${s.name} available now (you asked for ${s.requested}).`, ar: `ملاحظة: المتوفر من ${s.name} الآن ${s.available} فقط (طلبت ${s.requested}).` }, language),
      )
      .join("\n"),
  moreThanStock: (quantity: number, product: ProductView, language: Language, offerNotice = false) =>
    product.stockAvailable > 0
      ? pick(
          {
            en: `We have only ${product.stockAvailable} of ${product.name} (${product.sku}) in stock, so I cannot quote ${quantity}. Reply with a quantity up to ${product.stockAvailable}, or ask me for other options.`,
            ar: `المتوفر لدينا من ${productName(product, language)} (${product.sku}) ${product.stockAvailable} فقط، لذلك لا يمكنني تسعير ${quantity}. اكتب كمية حتى ${product.stockAvailable}، أو اطلب خيارات أخرى.`,
          },
          language,
        )
      : pick(
          {
            en: `${product.name} (${product.sku}) is out of stock right now, so I cannot quote it. ${offerNotice ? `${ASK_MARKERS.notify[0]}? Reply YES, or ask me for other options.` : "Ask me for other options."}`,
            ar: `${productName(product, language)} (${product.sku}) غير متوفر حالياً، لذلك لا يمكنني تسعيره. ${offerNotice ? `${ASK_MARKERS.notify[1]}؟ ردّ بـ"نعم"، أو اطلب مني خيارات أخرى.` : "اطلب مني خيارات أخرى."}`,
          },
          language,
        ),
  willNotify: (name: string, language: Language) =>
    pick({ en: `Done: I will message you here once ${name} is back in stock.`, ar: `تم: سأرسل لك رسالة هنا عندما يتوفر ${name} من جديد.` }, language),
  inStockAfterAll: (name: string, sku: string, language: Language) =>
    pick({ en: `Good news: ${name} (${sku}) is in stock now. Tell me how many you need and I will prepare your quotation.`, ar: `خبر سار: ${name} (${sku}) متوفر الآن. أخبرني بالكمية وسأجهّز لك عرض السعر.` }, language),
  productWarranty: (product: ProductView, years: number, language: Language) =>
    pick(
      {
        en: `${product.name} (${product.sku}): ${years}-year warranty.`,
        ar: `${productName(product, language)} (${product.sku}): ضمان ${years} ${years <= 2 ? "سنة" : years <= 10 ? "سنوات" : "سنة"}.`,
      },
      language,
    ),
  orderInProgress: (number: string, language: Language) =>
    pick(
      {
        en: `Your order ${number} is being processed; our team will contact you to book a delivery window.`,
        ar: `طلبك ${number} قيد التجهيز، وسيتواصل معك فريقنا لتحديد موعد التوصيل.`,
      },
      language,
    ),
  needDetails: (missing: ("name" | "city")[], language: Language) => {
    const en = missing.map((m) => (m === "name" ? "your name" : "your delivery city")).join(" and ");
    const ar = missing.map((m) => (m === "name" ? "اسمك" : "مدينة التوصيل")).join(" و");
    return pick({ en: `${ASK_MARKERS.details[0]} ${en} (for example: "Sara, Dubai").`, ar: `${ASK_MARKERS.details[1]} ${ar} (مثلاً: "سارة، دبي").` }, language);
  },
  noted: (language: Language) => pick({ en: "Thank you, noted.", ar: "شكراً، تم التسجيل." }, language),
  quotation: (text: string, language: Language) => `${pick({ en: "Here is your quotation:", ar: "إليك عرض السعر:" }, language)}\n${text}`,
  noQuotation: (language: Language) =>
    pick({ en: "There is no open quotation yet. Tell me what you would like to order.", ar: "لا يوجد عرض سعر مفتوح بعد. أخبرني بما تريد طلبه." }, language),
  notConfirmed: (language: Language) =>
    pick({ en: "Nothing has been ordered yet. To order, reply YES to the quotation.", ar: "لم يتم تقديم أي طلب بعد. للتأكيد ردّ بكلمة نعم على عرض السعر." }, language),
  cancelled: (number: string, language: Language) => pick({ en: `Quotation ${number} is cancelled.`, ar: `تم إلغاء عرض السعر ${number}.` }, language),
  unknownSku: (language: Language) =>
    pick({ en: "I could not find that product in our catalogue.", ar: "لم أجد هذا المنتج في الكتالوج." }, language),
  clarify: (language: Language) =>
    pick(
      {
        en: `${ASK_MARKERS.clarify[0]}. I can suggest products (e.g. "ergonomic chair in stock"), answer questions about delivery, warranty, payment, the showroom and returns, or prepare a quotation. You can also write "talk to a manager".`,
        ar: `${ASK_MARKERS.clarify[1]}. يمكنني اقتراح منتجات (مثلاً "كرسي مريح متوفر")، والإجابة عن التوصيل والضمان والدفع والمعرض والإرجاع، أو تجهيز عرض سعر. ويمكنك أيضاً كتابة "أريد التحدث مع موظف".`,
      },
      language,
    ),
  cannotHelp: (language: Language) =>
    pick({ en: "I am sorry, I cannot help with this myself.", ar: "عذراً، لا أستطيع المساعدة في هذا بنفسي." }, language),
  busy: (language: Language) =>
    pick({ en: "I see a newer message from you; let me answer that one.", ar: "وصلتني رسالة أحدث منك، سأجيب عليها." }, language),
};

const TOPIC_TITLES: Record<Topic, Texts> = {
  delivery: { en: "About delivery:", ar: "بخصوص التوصيل:" },
  warranty: { en: "About our warranty:", ar: "بخصوص الضمان:" },
  payment: { en: "About payment:", ar: "بخصوص الدفع:" },
  showroom: { en: "About our showroom:", ar: "بخصوص معرضنا:" },
  returns: { en: "About returns:", ar: "بخصوص الإرجاع:" },
};

function productLine(product: ProductView, language: Language): string {
  const stock =
    product.stockAvailable > 0
      ? pick({ en: `${product.stockAvailable} in stock`, ar: `المتوفر: ${product.stockAvailable}` }, language)
      : pick({ en: "out of stock", ar: "غير متوفر حالياً" }, language);
  return `${productName(product, language)} (${product.sku}): ${money(product.priceAed, language)}${language === "ar" ? "،" : ","} ${stock}`;
}

function constraints(slots: SearchSlots, language: Language): string {
  const parts: string[] = [];
  // The budget is not restated as a figure: a reply states only prices the catalog gave (grounding).
  if (slots.maxPrice !== undefined || slots.minPrice !== undefined) parts.push(pick({ en: "within your budget", ar: "ضمن ميزانيتك" }, language));
  if (slots.minStock && slots.minStock > 1) parts.push(pick({ en: `with at least ${slots.minStock} in stock`, ar: `ومتوفر منه ${slots.minStock} على الأقل` }, language));
  else if (slots.minStock === 1) parts.push(pick({ en: "in stock", ar: "ومتوفر حالياً" }, language));
  return parts.length ? ` ${parts.join(language === "ar" ? " " : ", ")}` : "";
}
