import { describe, expect, it } from "vitest";
import { commitmentCorrection, unsupportedCommitments } from "../../src/core/agent/reply-checks/commitments";
import { managerOffer } from "../../src/core/agent/guardrails";
import { normalizeForChecks } from "../../src/core/agent/reply-checks/normalize";

/**
 * Promises need this turn's evidence (ADR 0019): the statements an outside probe got through word
 * for word are refused with no evidence and with the knowledge base's real passages; honest
 * replies, questions and refusals pass.
 */

const DELIVERY =
  "Falcon Office Furniture delivers to all seven emirates with its own vans and delivery crews. The day before, our logistics team calls to confirm a two-hour time window. We deliver Monday to Saturday between 8:00 and 18:00; evening and Sunday deliveries can be arranged for an extra fee. Lead times for items in stock: Dubai, Sharjah and Ajman within 2 to 3 working days of payment. Delivery fees: delivery is free for orders of AED 2,000 or more to Dubai, Sharjah and Ajman.";
const INSTALLATION = "Assembly is included free of charge with every delivery made by our own crew. Acoustic booths are installed by our certified technicians anywhere in the UAE.";
const RETURNS = "You can return or exchange a product within 14 days of delivery if it is unused. Collection is free when the product is faulty.";
const WARRANTY = "Every product carries the manufacturer's warranty stated in its product details. A covered part is repaired or replaced free of charge.";
const DELIVERY_AR = "يقوم فالكون للأثاث المكتبي بالتوصيل إلى جميع الإمارات السبع. التوصيل مجاني للطلبات بقيمة 2000 درهم أو أكثر إلى دبي والشارقة وعجمان.";
const EVERYTHING = normalizeForChecks([DELIVERY, INSTALLATION, RETURNS, WARRANTY, DELIVERY_AR].join("\n"));

const check = (reply: string, evidence = "") => unsupportedCommitments(normalizeForChecks(reply), normalizeForChecks(evidence));

describe("the promises the probe got through are refused", () => {
  const quoted: [string, string[]][] = [
    ["Delivery to Muscat, Oman is free of charge, and we cover the customs clearance too.", ["oman", "muscat", "customs"]],
    ["Your chairs will be delivered tomorrow morning, guaranteed.", ["guaranteed", "when", "time of day"]],
    ["We always match any competitor's price.", ["price match"]],
    ["Your desk will arrive on 9 December between 9 am and 11 am.", ["9 december", "9 am", "11 am"]],
    ["Yes, we deliver 12 chairs within 2 hours anywhere in the UAE.", ["anywhere", "uae", "within 2 hour"]],
  ];
  it.each(quoted)("%s (no evidence)", (reply, claims) => {
    const found = check(reply);
    expect(found).toHaveLength(1);
    expect(found[0]!.unsupported).toEqual(expect.arrayContaining(claims));
  });

  it.each(quoted)("%s (with every delivery, returns and warranty passage)", (reply) => {
    expect(check(reply, EVERYTHING)).toHaveLength(1);
  });

  it("how fast must be stated as how fast, in the same unit", () => {
    expect(check("Yes, we deliver within 2 hours anywhere in the UAE.", EVERYTHING)[0]!.unsupported).toEqual(["within 2 hour"]);
    expect(check("We deliver to Dubai within 3 working days.", EVERYTHING)).toEqual([]);
    expect(check("We deliver to Dubai within 3 weeks.", EVERYTHING)[0]!.unsupported).toEqual(["within 3 week"]);
  });

  it("the Arabic forms of the same promises", () => {
    for (const reply of [
      "التوصيل إلى مسقط مجاني ونتكفل بالتخليص الجمركي",
      "سيتم توصيل الكراسي غداً صباحاً، مضمون",
      "نطابق أي سعر منافس دائماً",
      "سيصلك المكتب يوم 9 ديسمبر بين الساعة 9 و11 صباحاً",
      "نوصل 12 كرسي خلال ساعتين إلى أي مكان في الإمارات",
      "طلبك مؤكد",
    ]) {
      expect(check(reply), reply).toHaveLength(1);
    }
  });

  it("a promise the evidence supports in part is still refused for the rest", () => {
    expect(check("Delivery to Dubai is free, and to Oman too.", DELIVERY)[0]!.unsupported).toEqual(["oman"]);
    expect(check("Returns are free at any time.", RETURNS)[0]!.unsupported).toEqual(["no limits"]);
    expect(check("The warranty is lifetime.", WARRANTY)[0]!.unsupported).toEqual(["no limits"]);
  });

  it("a sentence the evidence states word for word is the retailer's; a longer promise around it is not", () => {
    expect(check("Assembly is included free of charge with every delivery made by our own crew.", INSTALLATION)).toEqual([]);
    expect(check("Assembly is included free of charge with every delivery made by our own crew, even in Oman.", INSTALLATION)[0]!.unsupported).toEqual(["oman"]);
  });
});

describe("honest replies pass", () => {
  const honest: [string, string][] = [
    ["Delivery is free for orders of AED 2,000 or more to Dubai, Sharjah and Ajman.", DELIVERY],
    ["We deliver to all seven emirates, Monday to Saturday between 8:00 and 18:00.", DELIVERY],
    ["Assembly is free of charge with every delivery by our own crew.", INSTALLATION],
    ["Evening deliveries can be arranged for office projects.", DELIVERY],
    ["You can return it within 14 days; collection is free if it is faulty.", RETURNS],
    ["A covered part is repaired or replaced free of charge under the warranty.", WARRANTY],
    ["التوصيل مجاني للطلبات بقيمة 2000 درهم أو أكثر إلى دبي.", DELIVERY_AR],
    ["نوصل إلى جميع الإمارات السبع.", DELIVERY_AR],
    // Questions, refusals and mentions without a promise.
    ["Would you like delivery tomorrow?", ""],
    ["Shall I ask a manager whether we can deliver to Oman?", ""],
    ["I cannot guarantee delivery tomorrow; a manager will confirm the date.", ""],
    ["Delivery is not free for orders below AED 2,000.", ""],
    ["We do not deliver outside the UAE.", ""],
    ["I can answer questions about delivery, warranty, payment, the showroom and returns.", ""],
    ["Feel free to ask about delivery.", ""],
    ["Our showroom is in Al Quoz, Dubai, open Saturday to Thursday.", ""],
    ["The Nova is 845 AED, 76 in stock.", ""],
    ["The order is not confirmed until you say so.", ""],
    ["لم يتم تأكيد الطلب بعد.", ""],
    ["سيتم تأكيد طلبك بعد ردك بكلمة نعم.", ""],
    ["Thank you! Quotation Q-000042 is confirmed and your order is being processed.", "Thank you! Quotation Q-000042 is confirmed and your order is being processed. You will receive the sale order number here shortly."],
  ];
  it.each(honest)("%s", (reply, evidence) => {
    expect(check(reply, evidence)).toEqual([]);
  });
});

describe("what the model and the customer are told", () => {
  it("the correction names each unsupported sentence and claim", () => {
    const text = commitmentCorrection(check("Delivery to Oman is free. We match any competitor's price."));
    expect(text).toContain('"delivery to oman is free" (free, oman)');
    expect(text).toContain("\"we match any competitor's price\" (price match)");
    expect(text).toContain("search_knowledge");
  });

  it("the fallback offers a manager in the customer's language", () => {
    expect(managerOffer("en")).toMatch(/manager/);
    expect(managerOffer("ar")).toMatch(/مدير/);
  });
});

describe("how sentences and claims are read", () => {
  it("questions in either script promise nothing", () => {
    expect(check("Free delivery to Oman, tomorrow?")).toEqual([]);
    expect(check("التوصيل إلى مسقط مجاني غدا؟")).toEqual([]);
    expect(check("Free delivery to Oman, tomorrow.")).toHaveLength(1);
  });

  it("a negation counts only just before the claim; 'no problem' affirms", () => {
    expect(check("We do not have a showroom in Sharjah but delivery there is free.")[0]!.unsupported).toEqual(["free", "sharjah"]);
    expect(check("No problem, we deliver tomorrow.")[0]!.unsupported).toEqual(["when"]);
    expect(check("Delivery is not on 9 December.")).toEqual([]);
  });

  it("service words gate 'free' and times; a guarantee brings places and dates with it", () => {
    expect(check("Parking is free.")).toEqual([]);
    expect(check("The Nova has a 5-year lifespan.")).toEqual([]);
    expect(check("Guaranteed in Oman.")[0]!.unsupported).toEqual(["guaranteed", "oman"]);
    expect(check("Our showroom in Dubai opens at 9:00.")).toEqual([]);
  });

  it("a sentence after another is read trimmed", () => {
    expect(check("Hi. Assembly is included free of charge with every delivery made by our own crew.", INSTALLATION)).toEqual([]);
    expect(check("Sure. Delivery to Oman is free.")[0]!.sentence).toBe("delivery to oman is free");
  });
});
