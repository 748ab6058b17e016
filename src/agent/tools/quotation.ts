import { z } from "zod";
import type { QuotationTools, ToolResult } from "../types";
import { defineTool, type ToolContext } from "./define";

const sku = z.string().trim().min(1).max(100).describe("A SKU returned by search_products");

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
  description:
    "Add a product to the customer's quotation (or add to its quantity). The price comes from the catalog; live stock is checked. Use a SKU returned by search_products.",
  input: z.strictObject({ sku, quantity: z.number().int().min(1).max(10_000) }),
  handler: (args, context) => atDesk(context, (desk) => desk.add(args.sku, args.quantity)),
});

export const changeQuotationItem = defineTool({
  name: "change_quotation_item",
  description: "Set the quantity of a product already on the quotation (0 removes it).",
  input: z.strictObject({ sku, quantity: z.number().int().min(0).max(10_000) }),
  handler: (args, context) => atDesk(context, (desk) => desk.change(args.sku, args.quantity)),
});

export const removeFromQuotation = defineTool({
  name: "remove_from_quotation",
  description: "Remove a product from the quotation.",
  input: z.strictObject({ sku }),
  handler: (args, context) => atDesk(context, (desk) => desk.remove(args.sku)),
});

export const showQuotation = defineTool({
  name: "show_quotation",
  description:
    "Show the quotation to the customer: items, unit prices, quantities, VAT and total in AED. Returns the exact text to send; the customer then confirms by replying YES / نعم.",
  input: z.strictObject({}),
  handler: (_args, context) => atDesk(context, (desk) => desk.show()),
});

export const confirmQuotation = defineTool({
  name: "confirm_quotation",
  description:
    "Place the order for the shown quotation. Call it only when the customer's latest message explicitly confirms the quotation you showed (yes / confirm / نعم). The order needs the customer's name and delivery city.",
  input: z.strictObject({}),
  handler: (_args, context) => atDesk(context, (desk) => desk.confirm()),
});

export const cancelQuotation = defineTool({
  name: "cancel_quotation",
  description: "Cancel the open quotation when the customer no longer wants it.",
  input: z.strictObject({}),
  handler: (_args, context) => atDesk(context, (desk) => desk.cancel()),
});
