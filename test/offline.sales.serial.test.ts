import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminFetch, control, conversation, newChatId, say, until } from "./helpers";

/**
 * The offline salesperson end to end: the worker, the chat's Durable Object, Postgres, the real
 * catalog and knowledge base, the quotation desk and the Zoho stand-in. The daily token cap is set
 * to 0 so every turn runs without a model, exactly as with no OPENROUTER_API_KEY. Runs in the
 * "serial" project (one file at a time), and restores the cap when done.
 */
const patch = (body: unknown) => adminFetch("/api/v1/admin/settings", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

beforeAll(async () => {
  expect((await patch({ dailyTokenCap: 0 })).status).toBe(200);
});
afterAll(async () => {
  await patch({ dailyTokenCap: 20_000_000 });
});

/** Prices of the numbered product lines a reply lists. */
function listedPrices(reply: string): number[] {
  return [...reply.matchAll(/^\d\. .*\([A-Z]{2,}(?:-[A-Z0-9]+)+\): ([\d,.]+) (?:AED|درهم)/gm)].map((m) => Number(m[1]!.replace(/,/g, "")));
}

async function salesOrders(reference: string): Promise<{ line_items: { sku: string; quantity: number }[] }[]> {
  return (await control<{ salesorders: { line_items: { sku: string; quantity: number }[] }[] }>("zohoUrl", `/__control/salesorders?reference_number=${reference}`)).salesorders;
}

describe("the offline salesperson", () => {
  it("goes from a greeting through delivery and warranty questions to a confirmed sale order, in English", async () => {
    const chatId = newChatId();
    const greeting = await say(chatId, "Hello, good morning");
    expect(greeting).toContain("automatic assistant");
    expect(listedPrices(greeting)).toEqual([]);
    expect(greeting).not.toMatch(/manager will follow up/i);

    const delivery = await say(chatId, "Do you deliver to Abu Dhabi?");
    expect(delivery).toContain("About delivery:");
    expect(delivery).toContain("Abu Dhabi");
    expect(listedPrices(delivery)).toEqual([]);

    const warranty = await say(chatId, "What warranty do your chairs have?");
    expect(warranty).toContain("About our warranty:");
    expect(warranty).toMatch(/warrant/i);
    expect(listedPrices(warranty)).toEqual([]);

    const chairs = await say(chatId, "ergonomic chair under 1000 AED");
    const prices = listedPrices(chairs);
    expect(prices.length).toBeGreaterThan(0);
    for (const price of prices) expect(price).toBeLessThanOrEqual(1000);

    expect(await say(chatId, "I'll take 2 of those")).toContain("Which one do you mean");
    const added = await say(chatId, "the second one");
    expect(added).toMatch(/Added 2 × /);
    expect(added).toContain("your delivery city");

    const quotation = await say(chatId, "Sara Ahmed, Dubai");
    const number = /Quotation (Q-\d+)/.exec(quotation)?.[1];
    expect(number, quotation).toBeDefined();
    expect(quotation).toContain("× 2 @");

    const confirmed = await say(chatId, "yes");
    expect(confirmed).toContain(`Quotation ${number} is confirmed`);
    const [order] = await until("the sale order", async () => ((await salesOrders(number!)).length ? salesOrders(number!) : null));
    expect(order!.line_items[0]!.quantity).toBe(2);
    expect((await conversation(chatId).snapshot()).handoff).toBeNull();
  });

  it("does the same in Arabic, with Arabic-Indic digits", async () => {
    const chatId = newChatId();
    expect(await say(chatId, "السلام عليكم")).toContain("المساعد الآلي");
    const delivery = await say(chatId, "هل توصلون إلى أبوظبي؟");
    expect(delivery).toContain("بخصوص التوصيل");
    const chairs = await say(chatId, "أريد كرسي مكتب بأقل من ١٠٠٠ درهم");
    const prices = listedPrices(chairs);
    expect(prices.length).toBeGreaterThan(0);
    for (const price of prices) expect(price).toBeLessThanOrEqual(1000);
    // A demo SKU by name: the suite's sync tests add generated products whose live stock differs.
    const added = await say(chatId, "أريد ٣ من CH-TMP-1001");
    expect(added).toContain("أضفت 3 ×");
    expect(added).toContain("مدينة التوصيل");
    const quotation = await say(chatId, "الشارقة");
    const number = /عرض السعر (Q-\d+)/.exec(quotation)?.[1];
    expect(number, quotation).toBeDefined();
    const confirmed = await say(chatId, "نعم");
    expect(confirmed).toContain(`تم تأكيد عرض السعر ${number}`);
    await until("the sale order", async () => ((await salesOrders(number!)).length ? true : null));
  });

  it("never orders on a 'yes' that does not answer the quotation, and says it is automatic when asked", async () => {
    const chatId = newChatId();
    expect(await say(chatId, "are you a bot?")).toContain("not a person");
    await say(chatId, "standing desk in stock");
    const reply = await say(chatId, "yes");
    // A "yes" to a list is not an order: it asks which product.
    expect(reply).toContain("Which one do you mean");
    expect(reply).not.toContain("confirmed");
  });

  it("hands the chat to a manager only when it cannot help, and only then says so", async () => {
    const chatId = newChatId();
    const first = await say(chatId, "zxqv blorp");
    expect(first).toContain("I did not quite understand");
    expect(first).not.toContain("sales managers");
    expect((await conversation(chatId).snapshot()).handoff).toBeNull();
    const second = await say(chatId, "qwzx florb");
    expect(second).toContain("sales managers");
    expect((await conversation(chatId).snapshot()).handoff).toMatchObject({ reason: "missing_knowledge" });
  });

  // Found by `npm run simulate` on an offline stack: both got a product listing instead of a person.
  it.each([
    ["custom-made work", "Hi, can you make a custom-made desk for me? 240 cm long, walnut, with our company logo engraved", "custom_design"],
    ["a late order", "I ordered 6 chairs three weeks ago and they still have not been delivered. This is unacceptable.", "frustration"],
  ])("hands %s to a manager at once instead of listing products", async (_name, text, reason) => {
    const chatId = newChatId();
    const reply = await say(chatId, text);
    expect(listedPrices(reply)).toEqual([]);
    expect((await conversation(chatId).snapshot()).handoff).toMatchObject({ reason });
  });
});
