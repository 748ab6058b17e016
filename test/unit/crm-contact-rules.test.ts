import { describe, expect, it } from "vitest";
import { channelLabel, crmContactPlan } from "../../src/core/crm/contact-rules";

describe("CRM contacts by channel", () => {
  it("files a WhatsApp customer on the mobile number, named or not", () => {
    expect(crmContactPlan({ phone: "971501234567", name: "Wa Name", profile: { name: "Sara Khan", city: "Dubai", company: "Acme", needs: "chairs" }, telegram: null })).toEqual({
      ok: true,
      match: "Mobile",
      record: { Last_Name: "Khan", First_Name: "Sara", Mobile: "+971501234567", Lead_Source: "WhatsApp", Mailing_City: "Dubai", Description: "Company: Acme\nNeeds: chairs" },
    });
    expect(crmContactPlan({ phone: "971501234567", name: null, profile: {}, telegram: null })).toEqual({
      ok: true,
      match: "Mobile",
      record: { Last_Name: "WhatsApp +971501234567", Mobile: "+971501234567", Lead_Source: "WhatsApp" },
    });
    expect(crmContactPlan({ phone: "971501234567", name: "Cher", profile: { email: "c@x.ae" }, telegram: null })).toEqual({
      ok: true,
      match: "Mobile",
      record: { Last_Name: "Cher", Mobile: "+971501234567", Lead_Source: "WhatsApp", Email: "c@x.ae" },
    });
    // Names and fields are trimmed; a blank profile name falls back to the channel's name.
    expect(crmContactPlan({ phone: "97150", name: "Wa Name", profile: { name: "  Mariam   Al  Zaabi ", city: " Ajman " }, telegram: null })).toMatchObject({
      record: { First_Name: "Mariam", Last_Name: "Al Zaabi", Mailing_City: "Ajman" },
    });
    expect(crmContactPlan({ phone: "97150", name: "Noor Ali", profile: { name: "   " }, telegram: null })).toMatchObject({ record: { First_Name: "Noor", Last_Name: "Ali" } });
  });

  it("files a Telegram buyer by name and @handle, matched on the e-mail when known, else by the stored id", () => {
    const telegram = { chatId: "555", handle: "layla_n" };
    expect(crmContactPlan({ phone: null, name: "Layla N", profile: { name: "Layla Nasser" }, telegram })).toEqual({
      ok: true,
      match: "id",
      record: { Last_Name: "Nasser", First_Name: "Layla", Lead_Source: "Telegram", Description: "Telegram: @layla_n (chat 555)" },
    });
    expect(crmContactPlan({ phone: null, name: null, profile: { email: "l@n.ae", company: "ND" }, telegram })).toEqual({
      ok: true,
      match: "Email",
      record: { Last_Name: "Telegram @layla_n", Lead_Source: "Telegram", Email: "l@n.ae", Description: "Telegram: @layla_n (chat 555)\nCompany: ND" },
    });
    expect(crmContactPlan({ phone: null, name: null, profile: { email: "l@n.ae" }, telegram: { chatId: "7", handle: null } })).toMatchObject({ record: { Last_Name: "Telegram l@n.ae", Description: "Telegram: no handle (chat 7)" } });
    expect(crmContactPlan({ phone: null, name: "  ", profile: {}, telegram: { chatId: "7", handle: "h" } })).toMatchObject({ ok: true, record: { Last_Name: "Telegram @h" } });
    // A Telegram buyer who shared their number is matched on it, still as a Telegram lead.
    expect(crmContactPlan({ phone: "971509999999", name: null, profile: {}, telegram })).toMatchObject({ match: "Mobile", record: { Last_Name: "Telegram +971509999999", Lead_Source: "Telegram" } });
  });

  it("writes no empty description for a buyer known only by name", () => {
    expect(crmContactPlan({ phone: null, name: "Zed", profile: {}, telegram: null })).toEqual({ ok: true, match: "id", record: { Last_Name: "Zed", Lead_Source: "WhatsApp" } });
  });

  it("says why a buyer with nothing to file them under is not written", () => {
    const plan = crmContactPlan({ phone: null, name: null, profile: {}, telegram: { chatId: "9", handle: null } });
    expect(plan).toEqual({ ok: false, reason: "no name, Telegram handle, e-mail or phone number yet: nothing to file the contact under" });
  });

  it("names the channel", () => {
    expect(channelLabel({ telegram: { chatId: "1", handle: null } })).toBe("Telegram");
    expect(channelLabel({ telegram: null })).toBe("WhatsApp");
    expect(channelLabel({})).toBe("WhatsApp");
  });
});
