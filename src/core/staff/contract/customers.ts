import { z } from "zod";
import { CUSTOMER_SORTS, SEGMENTS } from "../../analytics/segments";
import { QUOTATION_STATES } from "./orders";
import { contracts, idParams, plainText, timestamp } from "./types";

const customerRow = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  language: z.string().nullable(),
  createdAt: timestamp,
  conversations: z.number().int(),
  lastMessageAt: timestamp.nullable(),
  crmContactId: z.string().nullable(),
  zohoContactId: z.string().nullable().describe("the customer's Zoho Inventory contact"),
  segment: z.enum(SEGMENTS),
  rfm: z.object({ recencyDays: z.number().int().nullable(), frequency: z.number().int(), monetaryAed: z.number() }),
  purchaseProbability30d: z.number().nullable().describe("chance of a standing order in the next 30 days; null without a model or without orders"),
  churnRisk: z.number().nullable(),
  expectedValue12mAed: z.number().nullable(),
  leadScore: z.number().int().min(0).max(100).nullable(),
  proactiveOptOutAt: timestamp.nullable().describe("when the customer wrote STOP: no follow-ups or notices until START"),
});

const conversationRow = z.object({ id: z.uuid(), channel: z.string(), chatId: z.string(), status: z.string(), language: z.string().nullable(), lastMessageAt: timestamp.nullable() });

export const customersContract = contracts({
  listCustomers: {
    method: "get", path: "/api/v1/customers", tag: "customers", permission: "staff.read", summary: "Customers, most recently active first",
    query: z.object({
      q: plainText(100).pipe(z.string().trim().min(1)).optional().describe("part of the name, or at least three digits of the phone number"),
      segment: z.enum(SEGMENTS).optional(),
      sort: z.enum(CUSTOMER_SORTS).default("recent").describe("recent activity, or a score highest first"),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    }),
    response: z.object({ customers: z.array(customerRow), limit: z.number(), offset: z.number() }),
  },
  getCustomer: {
    method: "get", path: "/api/v1/customers/:id", tag: "customers", permission: "staff.read", summary: "A customer's profile, CRM link, conversations and quotations", params: idParams,
    response: z.object({
      customer: z.object({ id: z.uuid(), name: z.string().nullable(), phone: z.string().nullable(), language: z.string().nullable(), profile: z.record(z.string(), z.unknown()), createdAt: timestamp, updatedAt: timestamp, proactiveOptOutAt: timestamp.nullable().describe("when the customer wrote STOP: no follow-ups or notices until START"),
        backInStock: z
          .array(z.object({ productId: z.uuid(), sku: z.string(), name: z.string(), status: z.enum(["waiting", "notified", "skipped"]), reason: z.string().nullable().describe("why the notice was not sent (opted_out, no_template, ...)"), createdAt: timestamp, endedAt: timestamp.nullable() }))
          .describe("items the customer asked to hear about when back in stock, newest first"),
      }),
      identities: z.array(z.object({ channel: z.string(), externalId: z.string() })),
      crm: z.object({
        contactId: z.string().nullable(),
        url: z.string().nullable().describe("the contact in Zoho CRM's web app, when ZOHO_ACCOUNTS_URL is a Zoho data centre"),
        syncedAt: timestamp.nullable(),
        status: z.enum(["synced", "pending", "failed", "not_synced"]),
        lastError: z.string().nullable(),
        reason: z.string().nullable().describe("why the contact is not in CRM (status not_synced), e.g. a Telegram buyer with nothing to file them under yet"),
        inventoryContactId: z.string().nullable(),
      }),
      conversations: z.array(conversationRow),
      quotations: z.array(z.object({ id: z.uuid(), number: z.string(), state: z.enum(QUOTATION_STATES), totalAed: z.number(), conversationId: z.uuid(), updatedAt: timestamp })),
      analytics: z
        .object({
          segment: z.enum(SEGMENTS),
          rfm: z.object({ recencyDays: z.number().int().nullable(), frequency: z.number().int(), monetaryAed: z.number() }),
          purchaseProbability30d: z.number().nullable(),
          churnRisk: z.number().nullable(),
          expectedValue12mAed: z.number().nullable(),
          computedAt: timestamp,
        })
        .nullable()
        .describe("null until an analytics run has scored the customer"),
      orders: z.array(z.object({ salesorderId: z.string(), number: z.string(), date: z.string(), status: z.string(), totalAed: z.number(), counts: z.boolean().describe("false for void and draft orders") })).describe("Zoho sale orders, newest first (100 at most)"),
    }),
  },
});
