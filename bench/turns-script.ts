/**
 * The fixed conversations of `npm run bench:turns`. Each conversation is a list of steps; a step is
 * one message, or several sent `BENCH_BURST_GAP_MS` apart without waiting (a burst). The bench
 * waits for the reply to a step's last message before sending the next step.
 */
export type ScriptSet = "catalog" | "knowledge" | "quotation" | "arabic" | "bursts";

export interface ScriptedConversation {
  set: ScriptSet;
  steps: string[][];
}

const one = (set: ScriptSet, ...messages: string[]): ScriptedConversation => ({ set, steps: messages.map((m) => [m]) });

export const CONVERSATIONS: ScriptedConversation[] = [
  one("catalog", "ergonomic chair under 1000 AED"),
  one("catalog", "do you have standing desks?"),
  one("catalog", "I need a meeting table"),
  one("catalog", "show me sofas for the reception"),
  one("catalog", "any acoustic booths in stock?"),
  one("catalog", "mesh office chair"),
  one("knowledge", "how much is delivery to Abu Dhabi?"),
  one("knowledge", "what warranty do your chairs have?"),
  one("knowledge", "can I pay in installments?"),
  one("knowledge", "where is your showroom?"),
  one("knowledge", "do you accept returns?"),
  one("quotation", "I need mesh chairs", "add 3 of the first one", "show me the quotation"),
  one("quotation", "standing desk under 3000", "2 of the second one please", "show me the quotation"),
  one("arabic", "أريد كرسي مكتب مريح"),
  one("arabic", "كم تكلفة التوصيل إلى دبي؟"),
  one("arabic", "هل لديكم مكاتب؟"),
  one("arabic", "ما هي مدة الضمان؟"),
  { set: "bursts", steps: [["hi", "need a chair", "mesh, black"]] },
  { set: "bursts", steps: [["hello", "looking for desks", "under 2000 AED"]] },
  { set: "bursts", steps: [["do you deliver to Sharjah?", "and is there a warranty?"]] },
  { set: "bursts", steps: [["good morning", "I want a sofa", "for the reception"]] },
];

export const SETS: readonly ScriptSet[] = ["catalog", "knowledge", "quotation", "arabic", "bursts"];

/** The sets whose questions retrieval alone answers (the reply-time target is for these). */
export const RETRIEVAL_SETS: readonly ScriptSet[] = ["catalog", "knowledge", "arabic"];
