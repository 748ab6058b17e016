/**
 * The words the offline salesperson listens for, in English and in normalised Arabic
 * (`normalizeArabic`: alef forms → ا, ta marbuta → ه, alef maqsura → ي, digits → ASCII).
 * Patterns run on normalised, lower-cased text.
 */

/** Knowledge-base topics (as in `data/demo-knowledge.json`) and the words that ask about them. */
export const TOPIC_PATTERNS: { topic: "delivery" | "warranty" | "payment" | "showroom" | "returns"; pattern: RegExp }[] = [
  { topic: "returns", pattern: /\b(return|returns|refund|exchange|money back)\b|(ارجاع|استرجاع|استرداد|استبدال|ترجيع|رجع المنتج)/ },
  { topic: "warranty", pattern: /\b(warrant(y|ies)|guarantee[ds]?)\b|(ضمان|كفاله)/ },
  {
    topic: "payment",
    pattern: /\b(pay|paying|payment|payments|instal?lments?|credit card|debit card|cash on delivery|bank transfer|tabby|tamara|vat invoice)\b|(الدفع|دفع|ادفع|تقسيط|اقساط|بطاقه|كاش|تحويل بنكي)/,
  },
  {
    topic: "showroom",
    pattern: /\b(showroom|show room|visit (you|your)|your (address|location)|where are you|opening hours|open on|store hours|working hours)\b|(معرض|معرضكم|عنوانكم|موقعكم|وين مكانكم|اين تقعون|ساعات العمل|مواعيد العمل|ازوركم|زياره)/,
  },
  {
    topic: "delivery",
    pattern: /\b(deliver|delivers|delivery|deliveries|shipping|ship to|ship it|assembly|assemble|install|installation|lead time|how long .*(arrive|take)|arrive|arrives|arriving|arrival|when will (it|they|my order|the order|my chairs?|my desks?) (come|reach|get here|be here|be delivered))\b|(توصيل|توصلون|توصلوا|يوصل|شحن|تركيب|تجميع|متي يصل|متي توصل|متي سيصل|متي يوصل|متي بيوصل|كم يوم)/,
  },
];

/** Catalog categories (as in the catalog) and the words that name them; the first match wins, so chairs come before desks ("كرسي مكتب" is an office chair). */
export const CATEGORY_PATTERNS: { category: string; pattern: RegExp }[] = [
  { category: "acoustic-booths", pattern: /\b(booths?|pods?|phone booth|acoustic)\b|(كابينه|كبينه|كابينات|عازله للصوت)/ },
  { category: "meeting-tables", pattern: /\b(meeting|conference|boardroom)( room)? tables?\b|(طاوله اجتماعات|طاولات اجتماعات|طاوله اجتماع|طاولة مؤتمرات|اجتماعات)/ },
  { category: "workstations", pattern: /\b(work ?stations?|bench desks?|cluster)\b|(محطه عمل|محطات عمل|محطات)/ },
  { category: "reception", pattern: /\b(reception|front desk|counter)\b|(استقبال)/ },
  { category: "sofas", pattern: /\b(sofas?|couch(es)?|lounge|settee)\b|(كنب|كنبه|اريكه|ارائك|صوفا)/ },
  { category: "chairs", pattern: /\b(chairs?|seating|stools?|armchairs?)\b|(كرسي|كراسي|مقعد|مقاعد)/ },
  {
    category: "storage",
    pattern: /\b(storage|cabinets?|lockers?|pedestals?|drawers?|shel(f|ves)|bookcases?|filing|cupboards?|wardrobes?)\b|(خزانه|خزائن|دولاب|ادراج|درج|رفوف|رف|لوكر|تخزين|مكتبه كتب)/,
  },
  {
    category: "accessories",
    pattern: /\b(accessor(y|ies)|monitor arms?|lamps?|footrests?|whiteboards?|cable trays?|keyboard trays?|cpu holders?|mats?|dividers?)\b|(اكسسوارات|حامل شاشه|مصباح|اباجوره|مسند قدم|سبوره|لوح)/,
  },
  { category: "desks", pattern: /\b(desks?|tables?|standing desk)\b|(مكاتب|مكتب|طاوله|طاولات)/ },
];

/** Emirates and cities we deliver to, with the name a buyer record carries. */
export const CITIES: { name: string; nameAr: string; pattern: RegExp }[] = [
  { name: "Abu Dhabi", nameAr: "أبوظبي", pattern: /\babu ?dhabi\b|(ابوظبي|ابو ظبي)/ },
  { name: "Dubai", nameAr: "دبي", pattern: /\bdubai\b|(دبي)/ },
  { name: "Sharjah", nameAr: "الشارقة", pattern: /\bsharjah\b|(الشارقه|شارقه)/ },
  { name: "Ajman", nameAr: "عجمان", pattern: /\bajman\b|(عجمان)/ },
  { name: "Al Ain", nameAr: "العين", pattern: /\bal ?ain\b|(العين)/ },
  { name: "Ras Al Khaimah", nameAr: "رأس الخيمة", pattern: /\b(ras al ?khaimah|rak)\b|(راس الخيمه)/ },
  { name: "Fujairah", nameAr: "الفجيرة", pattern: /\bfujairah\b|(الفجيره)/ },
  { name: "Umm Al Quwain", nameAr: "أم القيوين", pattern: /\bumm al ?quwain\b|(ام القيوين)/ },
];

export const GREETING = /^(hi+|hello+|hey+|hiya|salam|salaam|assalamu? ?alaikum|good (morning|afternoon|evening|day)|morning|مرحبا|مرحبتين|اهلا|اهلين|السلام عليكم|سلام|هلا|هلا والله|صباح الخير|صباح النور|مساء الخير|مساء النور)(?![\p{L}\p{N}])/u;
export const THANKS = /^(thanks?|thank you|thx|ty|great|perfect|cool|bye|goodbye|see you|شكرا|شكرا لك|مشكور|يعطيك العافيه|مع السلامه|تمام شكرا)(?![\p{L}\p{N}])/u;
export const IDENTITY = /\b(are you (a )?(bot|robot|human|real|person|ai|machine)|is this (a )?(bot|robot|human|real person)|who are you|am i (talking|speaking) to a (bot|human|person))\b|(هل انت (روبوت|بوت|انسان|حقيقي|الي)|انت روبوت|انت بوت|من انت|مين انت)/;
export const CANCEL = /\b(cancel|scrap|forget) (it|that|this|the (order|quotation|quote))\b|^cancel\b|(الغاء|الغي|الغ الطلب|لا اريد الطلب)/;
export const SHOW_QUOTATION = /\b(show|see|send|view)( me)? (the |my )?(quot(e|ation)|order|total)\b|^(quot(e|ation)|total)\??$|(اعرض|ارسل|ارني|شوف) ?(لي )?(عرض السعر|الطلب|المجموع)|^عرض السعر$/;
export const CHANGE_QUANTITY = /\b(make it|change (it )?to|instead|update (it )?to|set (it )?to)\s+(\d{1,5})\b|(اجعلها|اجعله|غيرها الي|غيره الي|عدلها الي|بدلا من ذلك)\s*(\d{1,5})/;
export const ADD_VERB = /\b(take|buy|order|want|add|get|quote|i'?ll have|i will have|we'?ll take|reserve|book|need)\b|(اريد|ابي|ابغي|بدي|اخذ|ساخذ|اطلب|اضف|ضيف|خذ|احجز|احتاج|نحتاج|عايز)/;
/** Verbs that order a named product outright ("I'll take 3 of the black Nova chair"), unlike "need" or "want", which describe a search. */
export const ORDER_VERB = /\b(take|buy|order|add|i'?ll have|i will have|we'?ll take|reserve|book)\b|(ساخذ|اخذ|اطلب|اضف|ضيف|احجز)/;
/** A question rather than a request: it ends with a question mark or opens with a question word. */
export const QUESTION = /[?؟]\s*$|^(how|when|what|where|which|do|does|did|can|could|is|are|will|would|any|هل|كم|متي|وين|اين|ما|ماذا|كيف|ايش|شو)(?![\p{L}\p{N}])/u;
export const IN_STOCK = /\b(in stock|available (now|today)?|ready stock|immediately)\b|(متوفر|متوفره|موجود في المخزون|جاهز)/;
/** Words that point back at what was just shown. */
export const DEMONSTRATIVE = /\b(this|that|these|those|them|it|this one|that one)\b|(هذا|هذه|هاذا|ذلك|تلك|هذي|هاد|منه|منها)/;

/** Ordinals and "the cheapest"/"the last" in both languages, to an index in what was shown (-1 last, "cheapest" resolved later). */
export const ORDINALS: { pattern: RegExp; index: number | "cheapest" | "dearest" }[] = [
  { pattern: /\b(first|1st|number one|option one|option 1|number 1|no\.? ?1|#1)\b|(الاول|الاولي|اول واحد|رقم 1|الخيار 1|الخيار الاول)/, index: 0 },
  { pattern: /\b(second|2nd|number two|option two|option 2|number 2|no\.? ?2|#2)\b|(الثاني|الثانيه|ثاني واحد|رقم 2|الخيار 2|الخيار الثاني)/, index: 1 },
  { pattern: /\b(third|3rd|number three|option three|option 3|number 3|no\.? ?3|#3)\b|(الثالث|الثالثه|رقم 3|الخيار 3|الخيار الثالث)/, index: 2 },
  { pattern: /\b(last|last one)\b|(الاخير|الاخيره)/, index: -1 },
  { pattern: /\b(cheapest|cheaper one|lowest price)\b|(الارخص|ارخص واحد)/, index: "cheapest" },
  { pattern: /\b(most expensive|best one|premium one)\b|(الاغلي|افضل واحد)/, index: "dearest" },
];

/** Number words a customer may use for a quantity. */
export const NUMBER_WORDS: Record<string, number> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fifteen: 15, twenty: 20, "a couple of": 2, "a pair of": 2,
  اثنين: 2, اثنان: 2, ثنين: 2, ثلاثه: 3, ثلاث: 3, اربعه: 4, اربع: 4, خمسه: 5, خمس: 5, سته: 6, ست: 6, سبعه: 7, ثمانيه: 8, تسعه: 9, عشره: 10, عشر: 10,
};

/** Words that carry no search meaning once budget, quantity and stock are read (so they do not dilute the lexical query). */
export const FILLER = /\b(i|we|me|my|our|need|needs|want|wants|looking|look|for|some|any|a|an|the|please|pls|do|you|have|has|is|are|there|can|could|show|find|get|with|of|under|below|less|than|max|maximum|up|to|budget|around|about|within|aed|dhs?|dirhams?|each|per|piece|unit|in|stock|available|hi|hello|hey|good|morning|afternoon|evening|and|or|what|which|options?|something|office|new|cheap|cheaper|cheapest|price|prices|one|ones|more|other|similar|like|too|also|just|only|how|much|many|quantity|people|team|staff)\b/g;
export const ARABIC_FILLER = /(^|\s)(اريد|ابي|ابغي|بدي|احتاج|نحتاج|باقل|بحدود|لمكتبي|لمكتبنا|جديد|عندكم|عندك|هل|يوجد|في|من|الي|لل|ل|مع|اقل|تحت|حدود|بحدود|ميزانيه|ميزانيتي|درهم|دراهم|للواحد|الواحد|لكل|متوفر|متوفره|مرحبا|اهلا|السلام|عليكم|ممكن|لو|سمحت|شي|او|و|بسعر|سعر|اسعار|ارخص|رخيص)(?=\s|$)/g;

/** Accepting a back-in-stock offer in words other than a plain yes ("notify me", "let me know", "بلغني"). */
export const NOTIFY_ME = /\b(notify me|let me know|tell me|message me|inform me|please do)\b|(اخبرني|اخبرنا|بلغني|ابلغني|نبهني)/;
