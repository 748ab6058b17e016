import { describe, expect, it } from "vitest";
import { handoffByRules, statedQuantities } from "../src/agent/handoff";

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
});
