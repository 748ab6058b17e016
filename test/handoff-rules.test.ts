import { describe, expect, it } from "vitest";
import { customWorkRequest, handoffByRules, statedQuantities } from "../src/core/agent/handoff";

describe("handoff rules in code", () => {
  it("reads quantities, not measures, head counts or money", () => {
    expect(statedQuantities("we need 60 executive leather chairs")).toEqual([60]);
    expect(statedQuantities("whiteboard 180 cm, meeting table for 8 people, budget 800 AED")).toEqual([]);
    expect(statedQuantities("desk 160x80")).toEqual([]);
    expect(statedQuantities("نحتاج ٢٠ كرسي")).toEqual([20]);
  });

  it("recognises requests for a person, frustration and discount requests", () => {
    expect(handoffByRules("can I speak to someone?")?.reason).toBe("customer_request");
    expect(handoffByRules("ابي اكلم موظف")?.reason).toBe("customer_request");
    expect(handoffByRules("this is a waste of my time")?.reason).toBe("frustration");
    expect(handoffByRules("any discount if I take 10?")?.reason).toBe("policy");
    expect(handoffByRules("هل يوجد خصم")?.reason).toBe("policy");
    expect(handoffByRules("I need a mesh chair")).toBeNull();
    // With a 10% policy, asking within it is for the agent; beyond it, for a manager.
    expect(handoffByRules("can I get a 5% discount?", 10)).toBeNull();
    expect(handoffByRules("any discount?", 10)).toBeNull();
    expect(handoffByRules("I want a 25% discount", 10)?.reason).toBe("policy");
    expect(handoffByRules("أريد خصم ٢٠٪", 10)?.reason).toBe("policy");
    expect(handoffByRules("أحتاج مكتب مدير وكرسي مدير")).toBeNull();
    expect(handoffByRules("أريد التحدث مع شخص حقيقي")?.reason).toBe("customer_request");
  });

  it("hands a complaint about a late or missing order to a person, not a question about delivery", () => {
    for (const text of [
      "I ordered 6 chairs three weeks ago and they still have not been delivered. This is unacceptable.",
      "my order hasn't arrived yet",
      "where is my order?",
      "the desk never arrived",
      "طلبت كراسي قبل أسبوعين ولم يصل الطلب",
      "وين طلبي؟ تأخر التوصيل",
    ]) expect(handoffByRules(text)?.reason, text).toBe("frustration");
    for (const text of ["do you deliver to Abu Dhabi?", "when will it be delivered?", "how long does delivery take?", "هل توصلون إلى العين؟", "has it shipped? just asking for the date"]) {
      expect(handoffByRules(text), text).toBeNull();
    }
  });

  it("recognises custom-made work in English and Arabic, and not a standard size", () => {
    for (const text of ["can you make a custom-made desk, 240 cm, walnut?", "we want our company logo engraved on the reception desk", "bespoke meeting table please", "أريد مكتب تفصيل حسب المقاس", "طاولة اجتماعات بشعار الشركة"]) {
      expect(customWorkRequest(text)?.reason, text).toBe("custom_design");
    }
    for (const text of ["a desk 160x80 please", "which chairs do you have?", "مكتب خشب"]) expect(customWorkRequest(text), text).toBeNull();
  });
});
