import { describe, expect, it } from "vitest";
import { orderedQuotation, readContext } from "../../src/core/agent/offline/context";
import { answerSentences, essentialSentences, namedBy, warrantyYears } from "../../src/core/agent/offline/knowledge";
import { canSupply } from "../../src/core/agent/offline/numbers";
import { say } from "../../src/core/agent/offline/replies";
import { nameWords, understand } from "../../src/core/agent/offline/understand";
import type { ProductView } from "../../src/core/agent/catalog";

/** The offline salesperson's misreads of issue 20, one rule each (the end-to-end cases are in `eval:offline`). */
const LISTING = [
  "🤖 Automatic assistant (offline mode)",
  "Here are 3 options:",
  "1. Flex Mesh Task Chair – Black (CH-FLX-1001): 649.99 AED, 40 in stock",
  "2. Nova Ergonomic Mesh Chair – Black (CH-NOV-1001): 845 AED, 76 in stock",
  "3. Nova Ergonomic Mesh Chair – Grey (CH-NOV-1002): 868.75 AED, 23 in stock",
].join("\n");
const ONE = ["Here is what I found within your budget, in stock:", "1. Cluster 2-Person Open-Plan Workstation – White (WS-CLU-1001): 3,940 AED, 4 in stock"].join("\n");
const shown = readContext([{ role: "customer", text: "mesh chairs under 1000" }, { role: "agent", text: LISTING }], null);
const oneShown = readContext([{ role: "customer", text: "6 workstations" }, { role: "agent", text: ONE }], null);
const none = readContext([], null);

describe("a question right after a listing is a question, not a pick", () => {
  it.each([
    ["how long does delivery take for these to Sharjah?", "delivery"],
    ["can you deliver the first one to Abu Dhabi?", "delivery"],
    ["what is the warranty on the first one?", "warranty"],
    ["هل توصلون الأول إلى العين؟", "delivery"],
  ])("%s asks about %s", (text, topic) => {
    expect(understand(text, shown)).toMatchObject({ intent: "knowledge", topic });
  });

  it("keeps the product a question points at, for its own warranty", () => {
    expect(understand("what is the warranty on the second one?", shown).pick).toEqual({ sku: "CH-NOV-1001" });
  });

  it("still orders when the message orders a quantity, or does not ask", () => {
    expect(understand("can I get 2 of the first one delivered to Dubai?", shown)).toMatchObject({ intent: "add", quantity: 2, pick: { sku: "CH-FLX-1001" } });
    expect(understand("I want the first one delivered to Dubai", shown)).toMatchObject({ intent: "add", pick: { sku: "CH-FLX-1001" } });
  });
});

describe("a product named by its words", () => {
  it("is an order for that product with the quantity, not a new search", () => {
    expect(understand("I'll take 3 of the black Nova chair", shown)).toMatchObject({ intent: "add", quantity: 3, pick: { named: ["black", "nova"], category: "chairs" } });
    expect(understand("I'll take 3 of the black Nova chair", none)).toMatchObject({ intent: "add", quantity: 3, pick: { named: ["black", "nova"] } });
  });

  it("is a search when the message only says a kind, a need or a budget", () => {
    expect(understand("I need 12 mesh chairs", none).intent).toBe("search");
    expect(understand("order 5 standing desks under 2000", none).intent).toBe("search");
    expect(understand("I'll take 3 chairs", none).intent).not.toBe("add");
    expect(understand("I'd like to book a visit to your showroom", none)).toMatchObject({ intent: "knowledge", topic: "showroom" });
  });

  it("matches names by every word, in either script", () => {
    expect(nameWords("i'll take 3 of the black nova chair")).toEqual(["black", "nova"]);
    expect(namedBy("Nova Ergonomic Mesh Chair – Black", ["black", "nova"])).toBe(true);
    expect(namedBy("Nova Ergonomic Mesh Chair – Grey", ["black", "nova"])).toBe(false);
    expect(namedBy("كرسي نوفا الشبكي – أسود", ["نوفا"])).toBe(true);
    expect(namedBy("Anything", [])).toBe(false);
  });

  it("reads the names of a listing", () => {
    expect(shown.shown.map((p) => p.name)).toEqual(["Flex Mesh Task Chair – Black", "Nova Ergonomic Mesh Chair – Black", "Nova Ergonomic Mesh Chair – Grey"]);
  });
});

describe("'the second one' when one was listed", () => {
  it("asks which, naming the one there is", () => {
    expect(understand("second one", oneShown)).toMatchObject({ intent: "add", pick: { ambiguous: true } });
    expect(understand("the first one", oneShown).pick).toEqual({ sku: "WS-CLU-1001" });
    const asked = say.which(oneShown.shown, "en");
    expect(asked).toContain("only one option, WS-CLU-1001");
    expect(asked).toContain("Which one do you mean");
    expect(say.which(shown.shown, "en")).toContain("(1 to 3)");
  });
});

describe("more than the stock", () => {
  const product = { sku: "WS-CLU-1001", name: "Cluster Workstation", nameAr: null, stockAvailable: 4 } as ProductView;
  it("cannot be supplied, and the reply says how many there are", () => {
    expect(canSupply(6, 4)).toBe(false);
    expect(canSupply(4, 4)).toBe(true);
    expect(canSupply(1, 0)).toBe(false);
    expect(canSupply(1, -2)).toBe(false);
    expect(say.moreThanStock(6, product, "en")).toContain("only 4 of Cluster Workstation (WS-CLU-1001) in stock");
    expect(say.moreThanStock(6, { ...product, stockAvailable: 0 }, "en")).toContain("out of stock");
  });
});

describe("when will it arrive", () => {
  it("is a delivery question, about the order this chat confirmed", () => {
    expect(understand("when will it arrive?", none)).toMatchObject({ intent: "knowledge", topic: "delivery" });
    expect(understand("متى يصل الطلب؟", none)).toMatchObject({ intent: "knowledge", topic: "delivery" });
    expect(orderedQuotation(["Quotation Q-000003 is shown", "Thank you! Quotation Q-000004 is confirmed and your order is being processed."])).toBe("Q-000004");
    expect(orderedQuotation(["Your sale order SO-00012 for quotation Q-000009 has been created (total 3,045.00 AED)."])).toBe("Q-000009");
    expect(orderedQuotation(["Here is your quotation: Quotation Q-000001"])).toBeNull();
    expect(essentialSentences("delivery", "when will it arrive?")?.test("Dubai within 2 to 3 working days")).toBe(true);
    expect(essentialSentences("delivery", "do you deliver to Abu Dhabi?")).toBeNull();
  });
});

describe("knowledge answers hold what the question needs", () => {
  const passages = [
    { title: "Showroom", language: "en", text: "If you cannot come in person, we can arrange a video call from the showroom to show you any product." },
    { title: "Showroom", language: "en", text: "Our showroom and warehouse are at Unit 12, Street 19, Al Quoz, Dubai. Free parking in front of the showroom.\n\nOpening hours: Saturday to Thursday from 9:00 to 21:00." },
  ] as Parameters<typeof answerSentences>[1];
  it("a showroom answer gives the address and the hours, whichever passage ranks first", () => {
    const answer = answerSentences("do you have a showroom?", passages, "en", essentialSentences("showroom", "do you have a showroom?")).join(" ");
    expect(answer).toContain("Al Quoz");
    expect(answer).toContain("9:00 to 21:00");
    expect(answerSentences("do you have a showroom?", passages, "en").join(" ")).not.toContain("Al Quoz");
  });

  it("a warranty answer states the years the product record holds", () => {
    expect(warrantyYears({ warranty_years: "5" })).toBe(5);
    expect(warrantyYears({ color: "black" })).toBeNull();
    expect(warrantyYears({ warranty_years: "0" })).toBeNull();
    expect(say.productWarranty({ sku: "CH-NOV-1001", name: "Nova Chair", nameAr: null } as ProductView, 5, "en")).toBe("Nova Chair (CH-NOV-1001): 5-year warranty.");
  });
});

describe("accepting a back-in-stock offer", () => {
  const product = { id: "p", sku: "CH-ERG-1001", name: "Aero", nameAr: "أيرو", category: "chairs", priceAed: 950, stockAvailable: 0, description: null, descriptionAr: null, attributes: {} } as ProductView;
  for (const language of ["en", "ar"] as const) {
    const offer = say.moreThanStock(2, product, language, true);
    const context = readContext([{ role: "customer", text: "2 x CH-ERG-1001" }, { role: "agent", text: offer }], null);
    it(`reads the offered SKU back, and "yes" or "notify me" accepts it (${language})`, () => {
      expect(context).toMatchObject({ asked: "notify", notifyOffer: "CH-ERG-1001" });
      expect(understand(language === "ar" ? "نعم" : "yes please", context)).toMatchObject({ intent: "notify", pick: { sku: "CH-ERG-1001" } });
      expect(understand(language === "ar" ? "بلغني" : "notify me", context)).toMatchObject({ intent: "notify", pick: { sku: "CH-ERG-1001" } });
    });
  }
  it("makes no offer (and reads none) without the subscriptions, and a yes after another reply is not an acceptance", () => {
    const plain = say.moreThanStock(2, product, "en");
    expect(plain).not.toContain("message you");
    const context = readContext([{ role: "agent", text: plain }], null);
    expect(context.notifyOffer).toBeNull();
    expect(understand("yes", context).intent).not.toBe("notify");
  });
});
