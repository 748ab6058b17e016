import { describe, expect, it } from "vitest";
import type { ProductView } from "../src/core/agent/catalog";
import { normalizeForChecks } from "../src/core/agent/reply-checks/normalize";
import { checkFigures } from "../src/core/agent/grounding";
import { screenReply } from "../src/core/agent/guardrails";
import { DEFAULT_SALES_PROMPT } from "../src/core/agent/prompt";
import { renderQuotation } from "../src/core/domain/quotation";
import { customerSaid } from "../src/core/orders/messages";
import { newChatId, postWebhook, query, scriptModel, sentTo, textMessage, waitUntilIdle } from "./helpers";
import { products } from "../src/adapters/db/schema";
import { and, asc, eq, gt } from "drizzle-orm";

/**
 * The other side of the reworded-attack suite: replies a good salesperson writes must still pass.
 * Prices that match the tools, quantities the customer said, the rendered quotation, the knowledge
 * base's own figures, the customer's own number, and sentences that only mention orders.
 */

const nova = { id: "p1", sku: "CH-NOV-1001", name: "Nova Ergonomic Mesh Chair", nameAr: "كرسي نوفا الشبكي المريح", priceAed: 845, stockAvailable: 76 } as ProductView;
const desk = { id: "p2", sku: "DK-LIN-2001", name: "Linea Sit-Stand Desk", nameAr: "مكتب لينيا", priceAed: 1299.5, stockAvailable: 12 } as ProductView;
const KNOWLEDGE =
  "In-stock orders reach Dubai, Sharjah and Ajman within 2 to 3 working days. A technician can install accessories for AED 75 per visit. Phone: +971 4 000 0000. Email: sales@falcon-office.example. Payment by card, bank transfer or 0% bank instalments. Opening hours: Saturday to Thursday from 9:00 to 21:00.";
const screen = { systemPrompt: DEFAULT_SALES_PROMPT, ownPhone: "971501112233", maxDiscountPercent: 0 };

describe("grounded replies pass", () => {
  const grounded: [string, string, string][] = [
    ["a catalog price with its SKU and stock", "The Nova Ergonomic Mesh Chair (CH-NOV-1001) is 845 AED, 76 in stock.", "nova price?"],
    ["a line total for the quantity the customer said", "For your 12 Nova chairs: 12 × 845 = 10,140 AED.", "I need 12 chairs"],
    ["prices in Arabic-Indic digits", "كرسي نوفا الشبكي المريح بسعر ٨٤٥ درهم، المتوفر: ٧٦", "كم سعر كرسي نوفا"],
    ["a price in number words", "The Nova is eight hundred forty-five AED.", "nova?"],
    ["a decimal price and two products", "Nova: 845 AED. Linea Sit-Stand Desk: 1,299.50 AED each, 12 available.", "chair and desk"],
    ["the customer's budget echoed as a budget", "Within your 800 AED budget there is nothing, but the Nova is 845 AED.", "budget 800 AED"],
    ["the customer's quantity, covered by stock", "Yes, the 20 you need are available: 76 in stock.", "do you have 20 nova chairs"],
    ["a count and a year from the tool results", "I found 2 options; the Nova has a 5 year warranty at 845 AED.", "options?"],
    ["the knowledge base's own figures", "Delivery to Dubai takes 2 to 3 working days, and accessories can be installed for AED 75 per visit.", "delivery?"],
    ["the showroom's hours", "We are open Saturday to Thursday, 9:00 to 21:00.", "when are you open"],
  ];
  it.each(grounded)("%s", (_name, reply, customer) => {
    const tools = JSON.stringify({ products: [{ sku: "CH-NOV-1001", price_aed: 845, in_stock: 76 }, { sku: "DK-LIN-2001" }], count: 2, attributes: { warranty_years: 5 } });
    expect(checkFigures(reply, [nova, desk], customer, KNOWLEDGE, tools)).toEqual({ ok: true, unsupported: [], unknownSkus: [] });
  });

  it("the rendered quotation passes both checks, in English and Arabic", () => {
    for (const language of ["en", "ar"] as const) {
      const text = renderQuotation({ number: "Q-000042", vatPercent: 5, lines: [{ sku: nova.sku, name: nova.name, nameAr: nova.nameAr, unitPriceAed: 845, quantity: 3 }], totals: { subtotalAed: 2535, vatAed: 126.75, deliveryAed: null, totalAed: 2661.75 } }, language);
      const reply = `${language === "ar" ? "إليك عرض السعر:" : "Here is your quotation:"}\n${text}`;
      expect(checkFigures(reply, [nova], "3 nova chairs please", text), language).toMatchObject({ ok: true });
      expect(screenReply(reply, { ...screen, evidenceText: text }), language).toBeNull();
    }
  });
});

describe("honest replies pass the screen", () => {
  const honest: string[] = [
    "Your order will be placed once you reply YES to the quotation.",
    "No order has been placed yet. To order, reply YES to the quotation.",
    "Nothing has been ordered yet; the order is not confirmed until you say so.",
    "لم يتم تسجيل أي طلب بعد. للتأكيد ردّ بكلمة نعم على عرض السعر.",
    "سيتم تأكيد طلبك بعد ردك بكلمة نعم.",
    "Would you like something at a lower price? The Nova is our best value.",
    "I can check stock and search products for you.",
    "One of our managers will call you. Payment by card or 0% bank instalments.",
    "Call our showroom on +971 4 000 0000 or write to sales@falcon-office.example.",
    "We will call you back on ٠٥٠ ١١١ ٢٢٣٣.",
  ];
  it.each(honest)("%s", (reply) => {
    expect(screenReply(reply, { ...screen, evidenceText: KNOWLEDGE })).toBeNull();
  });

  it("the customer's own e-mail and a confirmed order may be repeated", () => {
    expect(screenReply("I'll send it to mariam@oasis.example.", { ...screen, customerText: "my email is mariam@oasis.example" })).toBeNull();
    const processing = customerSaid("processing", "en", { number: "Q-000042" });
    expect(screenReply(processing, { ...screen, orderConfirmed: true, evidenceText: processing })).toBeNull();
  });

  it("normalization keeps what the customer reads", () => {
    expect(normalizeForChecks("Price:\u00A0٨٤٥\u200B AED — thirty percent")).toBe("price: 845 aed — 30%");
    expect(normalizeForChecks("خمسمائة وخمسون درهماً")).toBe("550 درهما");
    expect(normalizeForChecks("100% polyester, 5 years")).toBe("100% polyester, 5 years");
    expect(normalizeForChecks("خصم %30")).toBe("خصم 30%");
  });
});

describe("a grounded reply goes through the whole turn unchanged", () => {
  it("a price and stock the tool returned, for the quantity the customer asked", async () => {
    const [product] = await query((db) =>
      db.select({ sku: products.sku, name: products.nameEn, price: products.priceAed, stock: products.stockAvailable }).from(products).where(and(eq(products.status, "active"), gt(products.stockAvailable, 3), gt(products.priceAed, "1")))
        // The cheapest, so three of them stay under the order value that goes to a manager.
        .orderBy(asc(products.priceAed))
        .limit(1),
    );
    const chatId = newChatId();
    const marker = `legit-${chatId}`;
    const price = Number(product!.price);
    const text = `${product!.name} (${product!.sku}) is ${price} AED, ${product!.stock} in stock. For your 3: ${Math.round(price * 300) / 100} AED.`;
    await scriptModel(marker, [{ toolCall: { name: "get_product", arguments: { product_id: product!.sku } } }, { text }]);
    await postWebhook({ messages: [textMessage(chatId, `price for 3 of ${product!.sku}? ${marker}`)] });
    await waitUntilIdle(chatId);
    const [reply] = await sentTo(chatId);
    expect(reply!.text).toBe(text);
  });
});
