import { z } from "zod";
import type { ZohoCrmClient } from "./client";
import { ZohoError } from "./errors";

const upsertResultSchema = z.object({
  data: z
    .array(
      z
        .object({
          status: z.string(),
          code: z.string().optional(),
          message: z.string().optional(),
          action: z.string().optional(),
          details: z.object({ id: z.union([z.string(), z.number()]).transform(String).optional() }).passthrough().optional(),
        })
        .passthrough(),
    )
    .min(1),
});

export type CrmModule = "Contacts" | "Deals";

/**
 * Inserts or updates one CRM record, matched on `duplicateCheckFields` (in order), and answers
 * its id. Upserting by a natural key (the mobile number, the deal name with our quotation number)
 * is idempotent in itself: a retried request updates the record the first one made.
 */
export async function upsertCrmRecord(
  client: ZohoCrmClient,
  module: CrmModule,
  record: Record<string, unknown>,
  duplicateCheckFields: string[],
): Promise<{ id: string; action: "insert" | "update" }> {
  const body = await client.call("POST", `/${module}/upsert`, {}, upsertResultSchema, { data: [record], duplicate_check_fields: duplicateCheckFields, trigger: [] }, { retrySafe: true });
  const result = body.data[0]!;
  if (result.status !== "success" || !result.details?.id) {
    throw new ZohoError("api", `Zoho CRM ${module} upsert refused the record: ${result.code ?? "?"} ${result.message ?? ""}`.trim(), { ...(result.code ? { code: result.code } : {}) });
  }
  return { id: result.details.id, action: result.action === "update" ? "update" : "insert" };
}

/** Zoho CRM deal stages our quotation states map to (the standard pipeline's names). */
export const DEAL_STAGES = {
  draft: "Qualification",
  shown: "Proposal/Price Quote",
  confirmed: "Negotiation/Review",
  failed: "Negotiation/Review",
  ordered: "Closed Won",
  cancelled: "Closed Lost",
} as const;

/** Updates one CRM record by its id (a contact with no natural key to upsert on: a Telegram buyer known by name and handle). */
export async function updateCrmRecord(client: ZohoCrmClient, module: CrmModule, id: string, record: Record<string, unknown>): Promise<{ id: string; action: "update" }> {
  const body = await client.call("PUT", `/${module}/${encodeURIComponent(id)}`, {}, upsertResultSchema, { data: [record], trigger: [] }, { retrySafe: true });
  const result = body.data[0]!;
  if (result.status !== "success") throw new ZohoError("api", `Zoho CRM ${module} update refused the record: ${result.code ?? "?"} ${result.message ?? ""}`.trim(), { ...(result.code ? { code: result.code } : {}) });
  return { id, action: "update" };
}
