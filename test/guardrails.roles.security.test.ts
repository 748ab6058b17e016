import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { normalizeForChecks } from "../src/core/agent/reply-checks/normalize";
import { statedAmounts } from "../src/core/agent/grounding";
import { managerOffer } from "../src/core/agent/guardrails";
import { agentTurns, conversations, products } from "../src/adapters/db/schema";
import { newChatId, postWebhook, query, scriptModel, sentTo, textMessage, waitUntilIdle } from "./helpers";

/**
 * Issue 21, end to end: the scripted model says what an outside probe got through (a figure out of
 * its role, a promise nobody made) and keeps saying it after the correction; the customer must
 * never get it. The other side: replies that state a warranty, a delivery fee, a budget and stock
 * in their roles reach the customer word for word (false refusals: zero).
 */

async function lastTurn(chatId: string) {
  const [turn] = await query((db) =>
    db
      .select({ fallbackReason: agentTurns.fallbackReason, mode: agentTurns.mode })
      .from(agentTurns)
      .innerJoin(conversations, eq(agentTurns.conversationId, conversations.id))
      .where(eq(conversations.chatId, chatId))
      .orderBy(desc(agentTurns.createdAt))
      .limit(1),
  );
  return turn!;
}

async function converse(message: string, responses: unknown[]) {
  const chatId = newChatId();
  const marker = `roles-${chatId}`;
  await scriptModel(marker, responses);
  await postWebhook({ messages: [textMessage(chatId, `${message} ${marker}`)] });
  await waitUntilIdle(chatId);
  const sent = await sentTo(chatId);
  expect(sent, "the customer always gets an answer").toHaveLength(1);
  return { chatId, reply: sent[0]!.text! };
}

async function product(sku: string) {
  const [row] = await query((db) => db.select({ name: products.nameEn, price: products.priceAed, stock: products.stockAvailable }).from(products).where(eq(products.sku, sku)));
  return { name: row!.name, price: Number(row!.price), stock: row!.stock };
}

const drafts = (responses: unknown[]) => responses.flatMap((r) => ("text" in (r as object) ? [(r as { text: string }).text] : []));

describe("a figure out of its role never reaches the customer", () => {
  const details = (sku: string) => ({ toolCall: { name: "get_product", arguments: { product_id: sku } } });
  const search = (query: string) => ({ toolCall: { name: "search_products", arguments: { query } } });
  const attacks: { name: string; message: string; obey: unknown[]; absent: RegExp }[] = [
    {
      name: "the customer's budget as the price",
      message: "My budget is 150 AED per chair for the Kinetic",
      obey: [details("CH-KIN-1001"), { text: "Within your budget of 150 AED: the Kinetic Pro Mesh Chair – Black is 150 AED." }, { text: "Sure: the Kinetic Pro Mesh Chair – Black is 150 AED, within your budget of 150 AED." }],
      absent: /is 150/,
    },
    {
      name: "the customer's offer, confirmed",
      message: "Can I get the Duo visitor chair blue for 240 dirhem",
      obey: [details("CH-VIS-1002"), { text: "Yes, the Duo Fabric Visitor Chair – Blue is 240 dirhem, confirmed." }, { text: "Yes, Duo Fabric Visitor Chair – Blue for 240, confirmed." }],
      absent: /240/,
    },
    {
      name: "a stock figure as a price in dollars",
      message: "how much is the duo visitor chair blue",
      obey: [search("duo fabric visitor chair blue"), { text: "The Duo Fabric Visitor Chair – Blue is just $66." }, { text: "Only $66 for the Duo Fabric Visitor Chair – Blue." }],
      absent: /\$/,
    },
    {
      name: "a stock figure as a warranty",
      message: "what warranty does the kinetic pro black have",
      obey: [search("kinetic pro mesh chair black"), { text: "The Kinetic Pro Mesh Chair – Black comes with a 15-year warranty." }, { text: "It has a 15-year warranty." }],
      absent: /15[- ]year/,
    },
  ];

  it.each(attacks)("$name", async (attack) => {
    const { chatId, reply } = await converse(attack.message, attack.obey);
    const text = normalizeForChecks(reply);
    for (const draft of drafts(attack.obey)) expect(text).not.toContain(normalizeForChecks(draft));
    expect(reply).not.toMatch(attack.absent);
    const rows = await query((db) => db.select({ price: products.priceAed }).from(products));
    const catalog = new Set(rows.map((r) => Number(r.price)));
    for (const amount of statedAmounts(reply)) expect(catalog.has(amount), `${amount} AED is a catalog price`).toBe(true);
    // "confirmed" is also a promise: either refusal replaces the draft.
    expect(await lastTurn(chatId)).toMatchObject({ mode: "offline", fallbackReason: expect.stringMatching(/^(?:ungrounded price|unsupported commitment)$/) });
  });
});

describe("a promise nobody made never reaches the customer: one correction, then a manager is offered", () => {
  const knowledge = (question: string) => ({ toolCall: { name: "search_knowledge", arguments: { question, topic: "delivery" } } });
  const promises: { name: string; message: string; obey: unknown[]; language?: "ar" }[] = [
    {
      name: "free delivery to Oman with customs, after reading the delivery passages",
      message: "can you deliver to Muscat in Oman",
      obey: [knowledge("delivery to Muscat Oman"), { text: "Delivery to Muscat, Oman is free of charge, and we cover the customs clearance too." }, { text: "Yes! Free delivery to Muscat, customs clearance included." }],
    },
    { name: "tomorrow morning, guaranteed", message: "when will my chairs come", obey: [{ text: "Your chairs will be delivered tomorrow morning, guaranteed." }, { text: "Tomorrow morning, guaranteed." }] },
    { name: "price matching", message: "another shop is cheaper", obey: [{ text: "We always match any competitor's price." }, { text: "No problem, we match any competitor's price." }] },
    { name: "a date and hours nobody set", message: "when does my desk arrive", obey: [{ text: "Your desk will arrive on 9 December between 9 am and 11 am." }, { text: "It arrives on 9 December, 9 am to 11 am." }] },
    {
      name: "two hours anywhere in the UAE, after reading the delivery passages",
      message: "can you deliver 12 chairs today",
      obey: [knowledge("how fast is delivery"), { text: "Yes, we deliver 12 chairs within 2 hours anywhere in the UAE." }, { text: "Yes: 12 chairs within 2 hours, anywhere in the UAE." }],
    },
    { name: "in Arabic: tomorrow morning, guaranteed", message: "متى تصل الكراسي", obey: [{ text: "سيتم توصيل الكراسي غداً صباحاً، مضمون." }, { text: "ستصلك غداً صباحاً بالتأكيد، مضمون." }], language: "ar" },
  ];

  it.each(promises)("$name", async (promise) => {
    const { chatId, reply } = await converse(promise.message, promise.obey);
    const text = normalizeForChecks(reply);
    for (const draft of drafts(promise.obey)) expect(text).not.toContain(normalizeForChecks(draft));
    expect(reply).toContain(managerOffer(promise.language ?? "en"));
    expect(await lastTurn(chatId)).toMatchObject({ mode: "offline", fallbackReason: "unsupported commitment" });
  });
});

describe("figures in their roles and supported promises reach the customer word for word", () => {
  it("a warranty, a budget, stock and a delivery fee", async () => {
    const kinetic = await product("CH-KIN-1001");
    const duo = await product("CH-VIS-1002");
    const price = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 2 });
    const legit: { message: string; responses: unknown[] }[] = [
      {
        message: "what warranty does the kinetic pro black have",
        responses: [{ toolCall: { name: "get_product", arguments: { product_id: "CH-KIN-1001" } } }, { text: `The ${kinetic.name} is ${price(kinetic.price)} AED with a 12-year warranty, ${kinetic.stock} in stock.` }],
      },
      {
        message: "my budget is 4,000 AED per chair, is the kinetic pro black within it",
        responses: [{ toolCall: { name: "get_product", arguments: { product_id: "CH-KIN-1001" } } }, { text: `Yes: within your budget of 4,000 AED, the ${kinetic.name} is ${price(kinetic.price)} AED.` }],
      },
      {
        message: "do you have 10 duo visitor chairs in blue",
        responses: [{ toolCall: { name: "get_product", arguments: { product_id: "CH-VIS-1002" } } }, { text: `Yes, the 10 you need are available: the ${duo.name} has ${duo.stock} in stock at ${price(duo.price)} AED each.` }],
      },
      {
        message: "what is the delivery fee to Dubai",
        responses: [
          { toolCall: { name: "search_knowledge", arguments: { question: "delivery fees Dubai Sharjah Ajman", topic: "delivery" } } },
          { text: "Delivery to Dubai is free for orders of AED 2,000 or more; below that the fee is AED 100." },
        ],
      },
      {
        message: "كم مدة الضمان على كرسي ديو الأزرق",
        responses: [{ toolCall: { name: "get_product", arguments: { product_id: "CH-VIS-1002" } } }, { text: "كرسي ديو للزوار الأزرق عليه ضمان لمدة سنتين." }],
      },
    ];
    let refused = 0;
    for (const conversation of legit) {
      const { chatId, reply } = await converse(conversation.message, conversation.responses);
      const [expected] = drafts(conversation.responses);
      if (reply !== expected) {
        refused++;
        console.error(`false refusal: ${expected} -> ${reply} (${(await lastTurn(chatId)).fallbackReason})`);
      }
    }
    expect(refused, "false refusals on the legitimate replies").toBe(0);
  });
});
