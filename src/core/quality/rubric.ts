import { z } from "zod";

/** What the judge scores, in this order; every review stores one score per criterion. */
export const CRITERIA = ["needs_discovery", "product_fit", "accuracy", "tone_language", "next_step", "handoff"] as const;
export type Criterion = (typeof CRITERIA)[number];

export interface CriterionScore {
  criterion: Criterion;
  score: number;
  reason: string;
  messageIds: string[];
}

/** The rubric in force before an admin writes one (version 0). */
export const DEFAULT_RUBRIC = `You review one sales conversation of an office-furniture retailer's WhatsApp assistant.
Score each criterion from 1 (bad) to 5 (excellent), citing the message ids your reason rests on.
- needs_discovery: did the assistant learn what the customer needs (use, quantity, budget, preferences) with few, useful questions?
- product_fit: do the recommended products fit what the customer said (use, quantity, budget)?
- accuracy: does every product, price and stock figure in the replies match the tool results of that turn? An invented figure is a 1.
- tone_language: polite, concise, in the customer's language (English or Arabic) throughout?
- next_step: did the assistant move the sale on (quotation, order, showroom visit) at the right time?
- handoff: when the customer asked for a person, was frustrated, wanted a discount beyond policy or a custom design, was the chat handed to a manager? If no handoff was needed, score whether the assistant correctly kept the chat.
Reason first, then score. Never score what the transcript does not show. Overall is your holistic 1-5 judgment, not an average.`;

const messageIds = z.array(z.string().max(100)).max(20);

/**
 * The judge's answer. `reasoning` comes first so the model reasons before it scores; the JSON
 * schema sent as `response_format` is generated from this, and the answer is validated with it.
 */
export const judgmentSchema = z
  .object({
    reasoning: z.string().min(1).max(4000),
    criteria: z
      .array(
        z
          .object({
            criterion: z.enum(CRITERIA),
            reason: z.string().min(1).max(1000),
            messageIds,
            score: z.number().int().min(1).max(5),
          })
          .strict(),
      )
      .length(CRITERIA.length),
    overall: z.number().int().min(1).max(5),
  })
  .strict()
  .refine((j) => CRITERIA.every((c) => j.criteria.some((s) => s.criterion === c)), { message: "every criterion must be scored once", path: ["criteria"] });
export type Judgment = z.infer<typeof judgmentSchema>;

/** The `response_format.json_schema.name` the judge asks for (the OpenRouter stand-in recognises its requests by it). */
export const JUDGMENT_SCHEMA_NAME = "quality_judgment";
