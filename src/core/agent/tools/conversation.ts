import { z } from "zod";
import { customerProfileSchema } from "../types";
import { defineTool } from "./define";

export const updateCustomerProfile = defineTool({
  name: "update_customer_profile",
  description: "Save what the customer stated about themselves (only fields they stated).",
  input: customerProfileSchema,
  handler(args, { evidence }) {
    evidence.profile = { ...evidence.profile, ...args };
    evidence.desk?.learn(args);
    return { ok: true };
  },
});

export const requestHandoff = defineTool({
  name: "request_handoff",
  description: "Hand the chat to a sales manager (a person, a discount beyond policy or custom design asked for, or no answer in the catalog); the bot then goes quiet.",
  input: z.strictObject({
    reason: z.enum(["customer_request", "policy", "missing_knowledge", "custom_design", "frustration"]),
    summary: z.string().min(1).max(500).describe("For the manager: what the customer needs"),
  }),
  handler(args, { evidence }) {
    evidence.handoff = { reason: args.reason, summary: args.summary };
    return { ok: true, instruction: "Tell the customer briefly that a sales manager will continue this chat here." };
  },
});
