import { z } from "zod";
import type { QuotationTools, ToolResult } from "../types";
import { defineTool, type ToolContext } from "./define";

const sku = z.string().trim().min(1).max(100).describe("SKU from search results");

/** Runs a desk action when the chat has a desk; what the desk read becomes evidence a reply may quote. */
async function atDesk(context: ToolContext, action: (desk: QuotationTools) => Promise<ToolResult>): Promise<ToolResult> {
  const desk = context.evidence.desk;
  if (!desk) return { error: "quotations are not available right now; offer to have a manager prepare one" };
  const result = await action(desk);
  context.evidence.add(desk.products);
  return result;
}

export const addToQuotation = defineTool({
  name: "add_to_quotation",
  description: "Add a product to the quotation (or to its quantity); priced from the catalog, stock checked.",
  input: z.strictObject({ sku, quantity: z.number().int().min(1).max(10_000) }),
  handler: (args, context) => atDesk(context, (desk) => desk.add(args.sku, args.quantity)),
});

export const changeQuotationItem = defineTool({
  name: "change_quotation_item",
  description: "Set a quotation line's quantity (0 removes it).",
  input: z.strictObject({ sku, quantity: z.number().int().min(0).max(10_000) }),
  handler: (args, context) => atDesk(context, (desk) => desk.change(args.sku, args.quantity)),
});

export const removeFromQuotation = defineTool({
  name: "remove_from_quotation",
  description: "Remove a quotation line.",
  input: z.strictObject({ sku }),
  handler: (args, context) => atDesk(context, (desk) => desk.remove(args.sku)),
});

export const showQuotation = defineTool({
  name: "show_quotation",
  description: "The quotation's exact text to send (lines, VAT, total); the customer confirms with YES / نعم.",
  input: z.strictObject({}),
  handler: (_args, context) => atDesk(context, (desk) => desk.show()),
});

export const confirmQuotation = defineTool({
  name: "confirm_quotation",
  description: "Order the shown quotation, only when the customer's latest message confirms it; needs their name and delivery city.",
  input: z.strictObject({}),
  handler: (_args, context) => atDesk(context, (desk) => desk.confirm()),
});

export const cancelQuotation = defineTool({
  name: "cancel_quotation",
  description: "Cancel the open quotation.",
  input: z.strictObject({}),
  handler: (_args, context) => atDesk(context, (desk) => desk.cancel()),
});
