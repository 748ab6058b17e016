import type { Language } from "../domain/language";

/**
 * Messages that are not text. Voice notes are transcribed before the turn; everything else is
 * described to the model in brackets, or, when a burst has no words at all, answered here
 * without a model so the customer always gets a sensible reply.
 */
export type MediaKind = "voice_failed" | "image" | "video" | "document" | "location" | "contact" | "other";

export function mediaKind(type: string): MediaKind {
  switch (type) {
    case "audio":
      return "voice_failed";
    case "image":
    case "video":
    case "document":
      return type;
    case "geo":
      return "location";
    case "vcard":
      return "contact";
    default:
      return "other";
  }
}

/** How a message without words appears in the turn's text for the model. */
export function describeForModel(kind: MediaKind): string {
  return {
    voice_failed: "[the customer sent a voice note that could not be transcribed]",
    image: "[the customer sent a photo without a caption]",
    video: "[the customer sent a video without a caption]",
    document: "[the customer sent a document]",
    location: "[the customer shared a location]",
    contact: "[the customer shared a contact card]",
    other: "[the customer sent a sticker or a message type we cannot read]",
  }[kind];
}

const REPLIES: Record<MediaKind, Record<Language, string>> = {
  voice_failed: {
    en: "Sorry, I couldn't listen to your voice message. Could you type what you need?",
    ar: "عذراً، لم أتمكن من سماع رسالتك الصوتية. هل يمكنك كتابة ما تحتاجه؟",
  },
  image: {
    en: "Thanks for the photo! I can't view images yet: tell me what you're looking for (type of furniture, size, colour) and I'll find matching products.",
    ar: "شكراً على الصورة! لا يمكنني عرض الصور بعد: أخبرني بما تبحث عنه (نوع الأثاث، المقاس، اللون) وسأجد لك منتجات مناسبة.",
  },
  video: {
    en: "Thanks for the video! I can't watch videos: tell me in a message what you need and I'll help right away.",
    ar: "شكراً على الفيديو! لا يمكنني مشاهدة الفيديو: اكتب لي ما تحتاجه وسأساعدك فوراً.",
  },
  document: {
    en: "Thanks, we've received your document; a sales manager will review it. Meanwhile, what furniture are you looking for?",
    ar: "شكراً، استلمنا المستند وسيراجعه أحد مديري المبيعات. في الأثناء، ما الأثاث الذي تبحث عنه؟",
  },
  location: {
    en: "Thanks for sharing your location! We deliver across the UAE. What furniture do you need?",
    ar: "شكراً لمشاركة موقعك! نوصل إلى جميع أنحاء الإمارات. ما الأثاث الذي تحتاجه؟",
  },
  contact: {
    en: "Thanks for the contact details! How can I help with your office furniture?",
    ar: "شكراً على بيانات الاتصال! كيف يمكنني مساعدتك في أثاث مكتبك؟",
  },
  other: {
    en: "🙂 How can I help with your office furniture today?",
    ar: "🙂 كيف يمكنني مساعدتك في أثاث مكتبك اليوم؟",
  },
};

/** The reply to a burst with no words: about its most telling message (a failed voice note first). */
export function mediaOnlyReply(kinds: MediaKind[], language: Language): string {
  const order: MediaKind[] = ["voice_failed", "document", "image", "video", "location", "contact", "other"];
  const kind = order.find((k) => kinds.includes(k)) ?? "other";
  return REPLIES[kind][language];
}
