import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversations, quotations } from "../src/adapters/db/schema";
import { getConfig } from "../src/core/config";
import { documentLink } from "../src/app/orders/document";
import { control, until, newChatId, query, say, scriptModel, sentTo } from "./helpers";

/**
 * The money on a sale order: VAT on every line as the organisation's tax in Zoho, delivery by
 * city on the quotation and as the order's `shipping_charge`, and Zoho's own total equal to the
 * quotation's (the Zoho stand-in computes tax and totals from the tax ids it holds).
 */

interface SalesOrder {
  salesorder_number: string;
  line_items: { sku: string; quantity: number; rate: number; tax_id: string; tax_percentage: number }[];
  sub_total: number;
  tax_total: number;
  shipping_charge: number;
  total: number;
}

async function introduce(chatId: string, profile: Record<string, string>): Promise<void> {
  const marker = `intro-${chatId}`;
  await scriptModel(marker, [{ toolCall: { name: "update_customer_profile", arguments: profile } }, { text: "Thank you, noted." }]);
  await say(chatId, `about us ${marker}`);
}

async function orderFor(chatId: string, sku: string, quantity: number, city: string) {
  await introduce(chatId, { name: "Huda Salem", company: "Salem Clinics", city });
  const quoted = await say(chatId, `please quote ${quantity} x ${sku}`);
  const number = /Q-\d{6}/.exec(quoted)?.[0];
  if (!number) throw new Error(`no quotation number in: ${quoted}`);
  expect(await say(chatId, "Yes, confirm")).toContain(`Quotation ${number} is confirmed`);
  const row = await until(`${number} ordered`, async () => {
    const [found] = await query((db) => db.select().from(quotations).where(eq(quotations.number, number)));
    return found?.state === "ordered" ? found : null;
  });
  const { salesorders } = await control<{ salesorders: SalesOrder[] }>("zohoUrl", `/__control/salesorders?reference_number=${number}`);
  expect(salesorders).toHaveLength(1);
  return { quoted, number, row, order: salesorders[0]! };
}

describe("the sale order's money matches the quotation", () => {
  it("sends every line with Zoho's VAT and delivery to Abu Dhabi as shipping_charge; Zoho's total is the quotation's", async () => {
    const chatId = newChatId();
    const { quoted, row, order } = await orderFor(chatId, "CH-SWG-1001", 3, "Abu Dhabi");
    // 3 × 540 = 1,620; VAT 5% 81; Abu Dhabi delivery 200 (free only from 5,000).
    expect(quoted).toContain("VAT 5%: 81.00 AED");
    expect(quoted).toContain("Delivery to Abu Dhabi: 200.00 AED");
    expect(quoted).toContain("Total: 1,901.00 AED");
    expect(row).toMatchObject({ totalAed: "1901.00", deliveryAed: "200.00", deliveryCity: "Abu Dhabi" });

    const { taxes } = await control<{ taxes: { tax_id: string; tax_name: string; tax_percentage: number }[] }>("zohoUrl", "/__control/taxes");
    const vat = taxes.find((t) => t.tax_name === "VAT")!;
    expect(order.line_items).toMatchObject([{ sku: "CH-SWG-1001", quantity: 3, rate: 540, tax_id: vat.tax_id, tax_percentage: 5 }]);
    expect(order).toMatchObject({ sub_total: 1620, tax_total: 81, shipping_charge: 200, total: 1901 });

    // The customer is told the sale order number: Zoho holds the total they were quoted.
    const sent = await until("the order message and document", async () => {
      const messages = await sentTo(chatId);
      return messages.some((m) => m.text?.includes(order.salesorder_number)) && messages.some((m) => m.contentUri) ? messages : null;
    });
    // The document they receive is Zoho's PDF of the order: VAT and delivery on it.
    const pdf = new TextDecoder("latin1").decode(await (await exports.default.fetch(new Request(sent.find((m) => m.contentUri)!.contentUri!))).arrayBuffer());
    expect(pdf).toContain("(Shipping Charges) Tj");
    expect(pdf).toContain("(200.00) Tj");
    expect(pdf).toContain("(81.00) Tj");
    expect(pdf).toContain("(1901.00) Tj");
  });

  it("the quotation page (our fallback when Zoho's PDF cannot be had) states the delivery line and the total with it", async () => {
    const chatId = newChatId();
    await introduce(chatId, { name: "Omar Saeed", city: "Abu Dhabi" });
    const conversation = await until("the conversation row", async () => (await query((db) => db.select().from(conversations).where(eq(conversations.chatId, chatId))))[0]);
    const line = { productId: "p-1", sku: "CH-SWG-1001", name: "Swivel chair", nameAr: null, unitPriceAed: 540, quantity: 3 };
    const page = async (delivery: { deliveryAed: string | null; deliveryCity: string | null; state?: "draft" | "cancelled" }, suffix: string) => {
      const [row] = await query((db) =>
        db
          .insert(quotations)
          .values({ number: `Q-DLV-${chatId}-${suffix}`, conversationId: conversation.id, customerId: conversation.customerId, vatPercent: "5", lines: [line], ...delivery })
          .returning({ id: quotations.id, number: quotations.number }),
      );
      const link = (await documentLink(getConfig(env), row!))!;
      return (await exports.default.fetch(new Request(link, { headers: { accept: "text/html" } }))).text();
    };
    const withFee = await page({ deliveryAed: "200.00", deliveryCity: "Abu Dhabi" }, "fee");
    expect(withFee).toContain("<td colspan=\"3\">Delivery to Abu Dhabi</td><td>200.00 AED</td>");
    expect(withFee).toContain("<td colspan=\"3\">Total</td><td>1,901.00</td>");
    // A chat holds one open quotation: the second is a closed one, which its page shows all the same.
    const separate = await page({ deliveryAed: null, deliveryCity: null, state: "cancelled" }, "sep");
    expect(separate).toContain("<td colspan=\"3\">Delivery</td><td>quoted separately (not included in the total)</td>");
    expect(separate).toContain("<td colspan=\"3\">Total</td><td>1,701.00</td>");
  });

  it("says delivery is quoted separately for a city without a fee, and leaves it out of the total and the order", async () => {
    const chatId = newChatId();
    const { quoted, row, order } = await orderFor(chatId, "CH-SWG-1001", 2, "Khor Fakkan");
    expect(quoted).toContain("Delivery: quoted separately (not included in the total)");
    expect(quoted).toContain("Total: 1,134.00 AED");
    expect(row).toMatchObject({ totalAed: "1134.00", deliveryAed: null });
    expect(order).toMatchObject({ tax_total: 54, shipping_charge: 0, total: 1134 });
  });

  it("delivers free to Dubai from AED 2,000 and says so", async () => {
    const chatId = newChatId();
    const { quoted, order } = await orderFor(chatId, "CH-SWG-1001", 4, "dubai");
    // 4 × 540 = 2,160 ≥ 2,000.
    expect(quoted).toContain("Delivery to Dubai: free");
    expect(quoted).toContain("Total: 2,268.00 AED");
    expect(order).toMatchObject({ shipping_charge: 0, total: 2268 });
  });
});
