import { describe, expect, it } from "vitest";
import { crmContactUrl } from "../../src/core/crm/links";

describe("crmContactUrl: the Zoho CRM web link of a contact", () => {
  it("follows the accounts host's data centre", () => {
    expect(crmContactUrl("https://accounts.zoho.com", "5725767000000412001")).toBe("https://crm.zoho.com/crm/tab/Contacts/5725767000000412001");
    expect(crmContactUrl("https://accounts.zoho.eu/", "123")).toBe("https://crm.zoho.eu/crm/tab/Contacts/123");
    expect(crmContactUrl("https://accounts.zoho.com.au", "123")).toBe("https://crm.zoho.com.au/crm/tab/Contacts/123");
    expect(crmContactUrl("https://accounts.zohocloud.ca", "123")).toBe("https://crm.zohocloud.ca/crm/tab/Contacts/123");
  });

  it("has no link without a contact, for an id that is not Zoho's, or off Zoho's hosts", () => {
    expect(crmContactUrl("https://accounts.zoho.com", null)).toBeNull();
    expect(crmContactUrl("https://accounts.zoho.com", "12/../../x")).toBeNull();
    expect(crmContactUrl("http://127.0.0.1:9100", "123")).toBeNull();
    expect(crmContactUrl("https://accounts.zoho.com.evil.test", "123")).toBeNull();
    expect(crmContactUrl("not a url", "123")).toBeNull();
  });
});
