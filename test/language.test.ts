import { describe, expect, it } from "vitest";
import { arabicSearchTokens, detectLanguage, normalizeArabic } from "../src/core/domain/language";
import { maskName, maskPhone, scrubSecrets } from "../src/lib/log";

describe("language detection and Arabic normalisation", () => {
  it("detects the dominant script and leaves digit-only text undecided", () => {
    expect(detectLanguage("I need 12 chairs")).toBe("en");
    expect(detectLanguage("أحتاج ١٢ كرسي")).toBe("ar");
    expect(detectLanguage("need كرسي مكتب مريح")).toBe("ar");
    expect(detectLanguage("12 👍")).toBeUndefined();
  });

  it("folds alef, ya, ta marbuta and hamza forms, strips diacritics and tatweel, converts digits", () => {
    expect(normalizeArabic("أَحْمَد إسلام آمنة ٱلكرسي")).toBe("احمد اسلام امنه الكرسي");
    expect(normalizeArabic("مكتـــب على طاولة")).toBe("مكتب علي طاوله");
    expect(normalizeArabic("٨٤٥ درهم و ۱۲")).toBe("845 درهم و 12");
  });

  it("drops the definite article and attached prepositions for search", () => {
    expect(arabicSearchTokens("الكراسي والمكاتب بالمخزن")).toEqual(["كراسي", "مكاتب", "مخزن"]);
    expect(arabicSearchTokens("Mesh CHAIR")).toEqual(["mesh", "chair"]);
  });
});

describe("logs without personal data", () => {
  it("masks phone numbers and names", () => {
    expect(maskPhone("971501234567")).toBe("9715*****567");
    expect(maskName("Fatima Al Mansoori")).toBe("F***** A* M*******");
  });

  it("scrubs credentials from third-party error texts", () => {
    expect(scrubSecrets("connect postgres://user:s3cret@db.neon.tech/x failed")).toBe("connect postgres://user:***@db.neon.tech/x failed");
    expect(scrubSecrets("401 for Bearer abc.def-123")).toBe("401 for Bearer ***");
    expect(scrubSecrets("GET /hook?token=abc&x=1")).toBe("GET /hook?token=***&x=1");
  });
});
