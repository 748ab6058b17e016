import { z } from "zod";
import type { JsonResponse } from "./http";

/**
 * A generated customer history for the Zoho stand-in: contacts of type customer and their sale
 * orders over a span of years, in Zoho's wire format, from customers whose buying is known. Each
 * customer buys as a Poisson process at their own rate while active and may drop out after each
 * order (the BG/NBD story); order values scatter around each customer's own mean. The truth is
 * returned beside the records so tests can say what a good model must find.
 */
export interface HistoryOptions {
  customers: number;
  seed: number;
  /** The history ends here (orders never fall after it). */
  now: Date;
  /** Default 2. */
  years?: number;
  /** Contacts who never ordered. Default 0.15. */
  prospectShare?: number;
}

export interface CustomerTruth {
  contactId: string;
  /** Orders a year while active. */
  ratePerYear: number;
  /** Whether the customer is still buying at `now`. */
  active: boolean;
  meanOrderAed: number;
}

/** A contact in Zoho's shape (the same fields as the stand-in's own contacts). */
export interface GeneratedContact {
  contact_id: string;
  contact_name: string;
  company_name: string;
  contact_type: "customer";
  email: string;
  phone: string;
  mobile: string;
  notes: string;
  status: "active";
  created_time: string;
  last_modified_time: string;
}

/** A sale order in Zoho's shape. */
export interface GeneratedSalesOrder {
  salesorder_id: string;
  salesorder_number: string;
  reference_number: string;
  customer_id: string;
  customer_name: string;
  status: "confirmed" | "draft" | "void" | "fulfilled";
  date: string;
  shipment_date: string;
  notes: string;
  line_items: never[];
  sub_total: number;
  tax_total: number;
  total: number;
  currency_code: "AED";
  created_time: string;
  last_modified_time: string;
}

export interface GeneratedHistory {
  contacts: GeneratedContact[];
  salesorders: GeneratedSalesOrder[];
  truth: CustomerTruth[];
}

const DAY_MS = 86_400_000;

/** A small seeded generator (mulberry32): the same seed gives the same history on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gamma(shape, 1) by Marsaglia and Tsang (shape < 1 boosted). */
function gamma(random: () => number, shape: number): number {
  if (shape < 1) return gamma(random, shape + 1) * random() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      const u1 = random() || 1e-12;
      x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random());
      v = 1 + c * x;
    } while (v <= 0);
    v = v ** 3;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

function zohoTimeOf(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

function uaeMobile(random: () => number, index: number): { mobile: string; phone: string } {
  const prefix = ["50", "52", "54", "55", "56", "58"][Math.floor(random() * 6)]!;
  const rest = String(1_000_000 + ((index * 7919 + 1234) % 9_000_000)).padStart(7, "0");
  const national = `${prefix}${rest}`;
  // People write the same number in every way; the sync must read them all as one.
  const formats = [`+971 ${prefix} ${rest.slice(0, 3)} ${rest.slice(3)}`, `0${national}`, `00971${national}`, `971${national}`, national];
  const mobile = formats[Math.floor(random() * formats.length)]!;
  const phone = random() < 0.3 ? `+971 4 ${String(3_000_000 + index).slice(0, 7)}` : "";
  return { mobile, phone };
}

export function generateHistory(options: HistoryOptions): GeneratedHistory {
  const random = seededRandom(options.seed);
  const years = options.years ?? 2;
  const end = options.now.getTime();
  const begin = end - years * 365 * DAY_MS;
  const contacts: GeneratedContact[] = [];
  const orders: GeneratedSalesOrder[] = [];
  const truth: CustomerTruth[] = [];
  for (let i = 0; i < options.customers; i++) {
    const contactId = String(4_815_000_000_000_000_000n + BigInt(options.seed) * 1_000_000n + BigInt(i));
    const joined = begin + random() * (end - begin);
    const big = random() < 0.05;
    const name = `${big ? "Gulf Holding" : "Office Client"} ${options.seed}-${i} LLC`;
    const { mobile, phone } = uaeMobile(random, i + options.seed * 100_000);
    contacts.push({
      contact_id: contactId,
      contact_name: name,
      company_name: name,
      contact_type: "customer",
      email: `buyer${i}@client${options.seed}.example`,
      phone,
      mobile,
      notes: "",
      status: "active",
      created_time: zohoTimeOf(joined),
      last_modified_time: zohoTimeOf(joined),
    });
    if (random() < (options.prospectShare ?? 0.15)) {
      truth.push({ contactId, ratePerYear: 0, active: false, meanOrderAed: 0 });
      continue;
    }
    // Furniture buyers buy rarely: about two orders a year on average, a long tail of frequent ones.
    const ratePerYear = gamma(random, 1.2) * 1.8;
    const dropout = 0.05 + random() * 0.3;
    const meanOrderAed = (big ? 30_000 : 2_500) * Math.exp((random() - 0.5) * 1.2);
    let at = joined;
    let active = true;
    while (at <= end) {
      const status: GeneratedSalesOrder["status"] = random() < 0.05 ? (random() < 0.5 ? "void" : "draft") : at < end - 60 * DAY_MS ? "fulfilled" : "confirmed";
      const total = Math.round(meanOrderAed * gamma(random, 4) * 25) / 100;
      const number = orders.length + 1;
      orders.push({
        salesorder_id: String(4_816_000_000_000_000_000n + BigInt(options.seed) * 10_000_000n + BigInt(number)),
        salesorder_number: `SO-H${options.seed}-${String(number).padStart(6, "0")}`,
        reference_number: "",
        customer_id: contactId,
        customer_name: name,
        status,
        date: new Date(at).toISOString().slice(0, 10),
        shipment_date: "",
        notes: "",
        line_items: [],
        sub_total: total,
        tax_total: 0,
        total,
        currency_code: "AED",
        created_time: zohoTimeOf(at),
        last_modified_time: zohoTimeOf(at),
      });
      if (status !== "void" && status !== "draft" && random() < dropout) {
        active = false;
        break;
      }
      at += (-Math.log(1 - random()) / Math.max(ratePerYear, 1e-6)) * 365 * DAY_MS;
    }
    truth.push({ contactId, ratePerYear, active, meanOrderAed });
  }
  orders.sort((a, b) => a.created_time.localeCompare(b.created_time) || a.salesorder_id.localeCompare(b.salesorder_id));
  return { contacts, salesorders: orders, truth };
}

const loadSchema = z.object({
  contacts: z.array(z.object({ contact_id: z.string().min(1) }).passthrough()).max(100_000),
  salesorders: z.array(z.object({ salesorder_id: z.string().min(1), created_time: z.string() }).passthrough()).max(500_000),
});

/** `POST /__control/history`: adds (or replaces by id) contacts and sale orders, e.g. a generated history. */
export function loadHistory<C, O>(body: unknown, contacts: Map<string, C>, salesOrders: Map<string, O>): JsonResponse {
  const parsed = loadSchema.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: "BAD_CONTROL_REQUEST", description: parsed.error.issues[0]?.message ?? "invalid history" } };
  for (const contact of parsed.data.contacts) contacts.set(contact.contact_id, contact as unknown as C);
  for (const order of parsed.data.salesorders) {
    // Replacing keeps the map in creation order only for new ids; a changed order keeps its place.
    salesOrders.set(order.salesorder_id, order as unknown as O);
  }
  return { status: 200, body: { contacts: contacts.size, salesorders: salesOrders.size } };
}
