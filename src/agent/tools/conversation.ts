import { z } from "zod";
import { customerProfileSchema } from "../types";
import { defineTool } from "./define";

export const updateCustomerProfile = defineTool({
  name: "update_customer_profile",
  description:
    "Remember what the customer told you about themselves: name, company, city, email, needs. Call it whenever you learn one; only include fields the customer stated.",
  input: customerProfileSchema,
  handler(args, { evidence }) {
    evidence.profile = { ...evidence.profile, ...args };
    evidence.desk?.learn(args);
    return { ok: true };
  },
});

export const requestHandoff = defineTool({
  name: "request_handoff",
  description:
    "Hand the chat to a human sales manager: the customer wants a person, asks for a discount or custom design, or you cannot answer from the catalog. The customer is told and the bot goes quiet.",
  input: z.strictObject({
    reason: z.enum(["customer_request", "policy", "missing_knowledge", "custom_design", "frustration"]),
    summary: z.string().min(1).max(500).describe("One or two sentences for the manager: what the customer needs"),
  }),
  handler(args, { evidence }) {
    evidence.handoff = { reason: args.reason, summary: args.summary };
    return { ok: true, instruction: "Tell the customer briefly that a sales manager will continue this chat here." };
  },
});
