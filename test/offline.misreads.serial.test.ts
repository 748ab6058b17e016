import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminFetch, control, conversation, newChatId, say, until } from "./helpers";

/**
 * The offline salesperson's misreads of issue 20, end to end (worker, the chat's Durable Object,
 * Postgres, the real catalog and knowledge base, the quotation desk, the Zoho stand-in), with the
 * daily token cap at 0 so every turn runs without a model. `npm run eval:offline` plays the same
 * conversations as its held-back set.
 */
const patch = (body: unknown) => adminFetch("/api/v1/admin/settings", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

beforeAll(async () => {
  expect((await patch({ dailyTokenCap: 0 })).status).toBe(200);
});
afterAll(async () => {
  await patch({ dailyTokenCap: 20_000_000 });
});

async function salesOrders(reference: string): Promise<{ line_items: { sku: string; quantity: number }[] }[]> {
  return (await control<{ salesorders: { line_items: { sku: string; quantity: number }[] }[] }>("zohoUrl", `/__control/salesorders?reference_number=${reference}`)).salesorders;
}

describe("the offline salesperson, on the misreads a shop owner found", () => {
  it("answers a delivery question about a listing instead of asking which product, and the warranty with each product's own years", async () => {
    const chatId = newChatId();
    expect(await say(chatId, "mesh office chairs under 1000 AED")).toMatch(/^1\. /m);
    const delivery = await say(chatId, "how long does delivery take for these to Sharjah?");
    expect(delivery).toContain("About delivery:");
    expect(delivery).toContain("Sharjah");
    expect(delivery).not.toContain("Which one do you mean");
    const warranty = await say(chatId, "what is the warranty on the first one?");
    expect(warranty).toContain("About our warranty:");
    expect(warranty).toMatch(/\([A-Z]+(?:-[A-Z]+)+-\d+\): \d+-year warranty\./);
    expect(warranty).not.toContain("Added");
  });

  it("orders 'I'll take 3 of the black Nova chair' as that product, and answers 'when will it arrive?' after the order", async () => {
    const chatId = newChatId();
    const added = await say(chatId, "I'll take 3 of the black Nova chair");
    expect(added).toContain("Added 3 × Nova Ergonomic Mesh Chair – Black (CH-NOV-1001)");
    const quotation = await say(chatId, "Reem, Ajman");
    const number = /Quotation (Q-\d+)/.exec(quotation)?.[1];
    expect(number, quotation).toBeDefined();
    expect(await say(chatId, "yes")).toContain(`Quotation ${number} is confirmed`);
    const [order] = await until("the sale order", async () => ((await salesOrders(number!)).length ? salesOrders(number!) : null));
    expect(order!.line_items).toEqual([expect.objectContaining({ sku: "CH-NOV-1001", quantity: 3 })]);
    const arrival = await say(chatId, "when will it arrive?");
    expect(arrival).toContain("About delivery:");
    expect(arrival).toMatch(/working days/);
    expect(arrival).toContain(`Your order ${number} is being processed`);
    expect((await conversation(chatId).snapshot()).handoff).toBeNull();
  });

  it("gives the showroom's address and hours", async () => {
    const reply = await say(newChatId(), "do you have a showroom?");
    expect(reply).toContain("Al Quoz");
    expect(reply).toContain("9:00 to 21:00");
  });

  it("asks instead of adding 'the second one' when one product was listed, and refuses more than the stock with the figure", async () => {
    const chatId = newChatId();
    const listing = await say(chatId, "add 5000 x CH-NOV-1003");
    const stock = /We have only (\d+) of Nova Ergonomic Mesh Chair – White \(CH-NOV-1003\) in stock/.exec(listing);
    expect(stock, listing).not.toBeNull();
    expect(Number(stock![1])).toBeLessThan(5000);
    expect(listing).not.toContain("Added");
    expect(listing).not.toContain("stock has changed");
    // Nothing was quoted.
    expect(await say(chatId, "show me the quotation")).not.toMatch(/Quotation Q-\d+/);

    const other = newChatId();
    const one = await say(other, "hi, need 6 workstations for a new office, budget 4000 AED each");
    expect(one.match(/^\d\. /gm), one).toHaveLength(1);
    const asked = await say(other, "second one");
    expect(asked).toMatch(/only one option, [A-Z]+(?:-[A-Z]+)+-\d+/);
    expect(asked).not.toContain("Added");
  });
});
