import { describe, expect, it } from "vitest";
import { errorsByField, SETTING_FIELDS, toFormValues, toPatch } from "../src/screens/settings/form";
import { agentSettingsSchema, defaultSettings } from "../../src/core/domain/settings";

const settings = defaultSettings({ REPLY_DEBOUNCE_MS: 1500, MANAGER_PHONES: ["971500000001", "971500000002"] });

describe("the settings form", () => {
  it("shows every setting the API has, and nothing else", () => {
    expect(SETTING_FIELDS.map((f) => f.key).sort()).toEqual(Object.keys(agentSettingsSchema.shape).sort());
  });

  it("business hours edit as JSON; empty clears them; text that is not JSON goes as typed", () => {
    const loaded = toFormValues({ ...settings, businessHours: null });
    expect(loaded.businessHours).toBe("");
    const hours = { timezone: "Asia/Dubai", weekly: [{ day: "sun", open: "09:00", close: "18:00" }], holidays: [] };
    expect(toPatch({ ...loaded, businessHours: JSON.stringify(hours) }, loaded)).toEqual({ businessHours: hours });
    const set = toFormValues({ ...settings, businessHours: hours });
    expect(toPatch({ ...set, businessHours: " " }, set)).toEqual({ businessHours: null });
    expect(toPatch({ ...set, businessHours: "{oops" }, set)).toEqual({ businessHours: "{oops" });
    expect(toPatch({ ...loaded, followUpTemplateId: "" }, { ...loaded, followUpTemplateId: "x" })).toEqual({ followUpTemplateId: null });
  });

  it("sends only what changed, in the API's types", () => {
    const loaded = toFormValues(settings);
    expect(loaded).toMatchObject({ burstWaitMs: "1500", enforceWhatsAppWindow: true, managerPhones: "971500000001, 971500000002", vatPercent: "5" });
    expect(toPatch(loaded, loaded)).toEqual({});
    const edited = { ...loaded, vatPercent: " 7.5 ", enforceWhatsAppWindow: false, managerPhones: "971500000009;  971500000008,\n971500000007" };
    expect(toPatch(edited, loaded)).toEqual({ vatPercent: 7.5, enforceWhatsAppWindow: false, managerPhones: ["971500000009", "971500000008", "971500000007"] });
    expect(toPatch({ ...loaded, managerPhones: "  " }, loaded)).toEqual({ managerPhones: [] });
  });

  it("sends text that is not a number as typed, so the API's own message explains it", () => {
    const loaded = toFormValues(settings);
    expect(toPatch({ ...loaded, burstWaitMs: "fast" }, loaded)).toEqual({ burstWaitMs: "fast" });
    expect(toPatch({ ...loaded, burstWaitMs: "" }, loaded)).toEqual({ burstWaitMs: "" });
    const check = agentSettingsSchema.partial().strict().safeParse(toPatch({ ...loaded, burstWaitMs: "fast" }, loaded));
    expect(check.success).toBe(false);
  });

  it("puts each API issue next to its field and keeps the rest for the form", () => {
    expect(errorsByField({ maxDiscountPercent: "Too big: expected number to be <=50", "managerPhones.1": "digits only, 7 to 15", "": "Unrecognized key: \"owner\"" })).toEqual({
      fields: { maxDiscountPercent: "Too big: expected number to be <=50", managerPhones: "digits only, 7 to 15 (item 2)" },
      form: ["Unrecognized key: \"owner\""],
    });
    expect(errorsByField({ color: "unknown" })).toEqual({ fields: {}, form: ["color: unknown"] });
  });
});

describe("delivery fees in the settings form", () => {
  it("shows the fees as one line of text and sends them back as the API's list, numbers as numbers", () => {
    const loaded = toFormValues({ deliveryFees: [{ city: "Dubai", feeAed: 100, freeFromAed: 2000 }, { city: "Hatta", feeAed: 150, freeFromAed: null }] });
    expect(loaded.deliveryFees).toBe("Dubai: 100 (free from 2000); Hatta: 150");
    expect(toPatch(loaded, loaded)).toEqual({});
    const edited = { ...loaded, deliveryFees: "Dubai: 100 (free from 2000);\nAbu Dhabi : 200 ( free from 5000 ); Khor Fakkan: 175" };
    expect(toPatch(edited, loaded)).toEqual({
      deliveryFees: [
        { city: "Dubai", feeAed: 100, freeFromAed: 2000 },
        { city: "Abu Dhabi", feeAed: 200, freeFromAed: 5000 },
        { city: "Khor Fakkan", feeAed: 175, freeFromAed: null },
      ],
    });
    // What is not a number goes as typed, so the API's message is the one staff read.
    expect(toPatch({ ...loaded, deliveryFees: "Dubai: lots; Ajman" }, loaded)).toEqual({ deliveryFees: [{ city: "Dubai", feeAed: "lots", freeFromAed: null }, { city: "Ajman", feeAed: "", freeFromAed: null }] });
    expect(toPatch({ ...loaded, deliveryFees: " " }, loaded)).toEqual({ deliveryFees: [] });
    expect(errorsByField({ "deliveryFees.1.feeAed": "Invalid input: expected number" }).fields).toEqual({ deliveryFees: "Invalid input: expected number (item 2)" });
  });
});
