import { z } from "zod";

export const KNOWLEDGE_TOPICS = ["delivery", "warranty", "payment", "showroom", "advantages", "returns", "other"] as const;
export type KnowledgeTopic = (typeof KNOWLEDGE_TOPICS)[number];

/** A knowledge-base document as managers write it through the admin API. */
export const knowledgeDocumentInput = z
  .object({
    slug: z
      .string()
      .trim()
      .min(2)
      .max(80)
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case words joined by hyphens"),
    topic: z.enum(KNOWLEDGE_TOPICS),
    language: z.enum(["en", "ar"]),
    title: z.string().trim().min(2).max(200),
    body: z.string().trim().min(20, "at least 20 characters").max(50_000),
  })
  .strict();
export type KnowledgeDocumentInput = z.infer<typeof knowledgeDocumentInput>;
