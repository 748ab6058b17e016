import { readFileSync } from "node:fs";
import { z } from "zod";

/**
 * Simulated customers, kept in `data/personas.json` and validated here when loaded. Each is
 * played by a model from its description (or, without a key, by the scripted customer stand-in
 * from its `lines`) and judged by criteria checked in code against what the product recorded.
 */
export const criterionSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("quotation_within_budget"), maxTotalAed: z.number().positive().describe("VAT included") }),
  z.strictObject({ kind: z.literal("no_discount_beyond_policy") }),
  z.strictObject({ kind: z.literal("handed_off"), reason: z.string().min(1) }),
  z.strictObject({ kind: z.literal("not_handed_off") }),
  z.strictObject({ kind: z.literal("declined_off_topic") }),
  z.strictObject({ kind: z.literal("no_prompt_leak") }),
  z.strictObject({ kind: z.literal("replies_in_customer_language"), languages: z.array(z.enum(["en", "ar"])).min(1).describe("each must be answered at least once") }),
  z.strictObject({ kind: z.literal("products_shown"), min: z.number().int().min(1) }),
  z.strictObject({ kind: z.literal("no_replaced_drafts") }),
]);
export type Criterion = z.infer<typeof criterionSchema>;

export const personaSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{2,40}$/, "lower-case letters, digits and dashes"),
  name: z.string().min(1).max(60),
  language: z.enum(["en", "ar", "mixed"]),
  description: z.string().min(20).max(2000).describe("who the customer is and what they want; the customer model plays it"),
  maxTurns: z.number().int().min(1).max(20),
  lines: z.array(z.string().min(1).max(500)).min(1).describe("what the customer says in order: the scripted stand-in's lines, examples for a model"),
  details: z.string().min(1).max(200).optional().describe("the answer when the agent asks for a name and delivery city"),
  criteria: z.array(criterionSchema).min(1),
});
export type Persona = z.infer<typeof personaSchema>;

export const personasFileSchema = z
  .strictObject({ personas: z.array(personaSchema).min(1) })
  .refine((file) => new Set(file.personas.map((p) => p.id)).size === file.personas.length, { message: "persona ids must be unique" });

/** Reads and validates a personas file; a bad file fails with zod's message naming the field. */
export function loadPersonas(path = "data/personas.json"): Persona[] {
  const parsed = personasFileSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) throw new Error(`${path} is not a valid personas file:\n${z.prettifyError(parsed.error)}`);
  return parsed.data.personas;
}

/** The personas named (comma-separated ids), or all; an unknown id is an error naming the known ones. */
export function selectPersonas(all: Persona[], ids: string | undefined): Persona[] {
  if (!ids) return all;
  const wanted = ids.split(",").map((id) => id.trim()).filter(Boolean);
  const unknown = wanted.filter((id) => !all.some((p) => p.id === id));
  if (unknown.length) throw new Error(`unknown persona ${unknown.join(", ")}; known: ${all.map((p) => p.id).join(", ")}`);
  return all.filter((p) => wanted.includes(p.id));
}
