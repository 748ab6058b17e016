import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { quotations } from "../src/adapters/db/schema";
import { adminFetch, control, until, newChatId, query, say, scriptModel, sentTo } from "./helpers";

/**
 * Serial: it changes the organisation's VAT rate in the Zoho stand-in, which every order in Zoho
 * would see, and the delivery fees setting. When Zoho's total is not the quotation's, the customer is never told a total Zoho
 * does not hold: the job stops for a manager, who sees why.
 */

const MANAGERS = ["971500000001", "971500000002"];

describe("a sale order whose Zoho total differs from the quotation", () => {
  it("stops the confirmation message, marks the job for a manager", async () => {
    const { taxes } = await control<{ taxes: { tax_id: string; tax_name: string; tax_percentage: number }[] }>("zohoUrl", "/__control/taxes");
    const vat = taxes.find((t) => t.tax_name === "VAT")!;
    const chatId = newChatId();
    const marker = `intro-${chatId}`;
    await scriptModel(marker, [{ toolCall: { name: "update_customer_profile", arguments: { name: "Nadia Rahman", city: "Dubai" } } }, { text: "Thank you, noted." }]);
    await say(chatId, `about us ${marker}`);
    const quoted = await say(chatId, "please quote 5 x CH-SWG-1001");
    const number = /Q-\d{6}/.exec(quoted)![0];
    // 2,700 + 5% VAT 135, free delivery to Dubai: 2,835.
    expect(quoted).toContain("Total: 2,835.00 AED");

    // Someone changed the VAT rate in Zoho: Zoho's order will total 2,700 + 7% = 2,889.
    await control("zohoUrl", `/__control/taxes/${vat.tax_id}`, { method: "PUT", body: { tax_percentage: 7 } });
    try {
      expect(await say(chatId, "Yes, confirm")).toContain("being processed");
      const failed = await until("quotation failed", async () => {
        const [row] = await query((db) => db.select().from(quotations).where(eq(quotations.number, number)));
        return row?.state === "failed" ? row : null;
      });
      expect(failed.lastError).toContain("2,889.00");
      expect(failed.lastError).toContain("2,835.00");
      const jobId = `sale-order:${failed.id}`;
      const dead = (await (await adminFetch("/api/v1/admin/zoho-jobs?status=dead&kind=sale-order&limit=200")).json()) as { jobs: { id: string; attempts: number; lastError: string }[] };
      const job = dead.jobs.find((j) => j.id === jobId);
      expect(job?.attempts).toBe(1); // a wrong total is not retried: a manager decides
      expect(job?.lastError).toMatch(/Zoho's total for sale order SO-\d+ is 2,889.00 AED but quotation Q-\d+ says 2,835.00 AED/);
      for (const manager of MANAGERS) {
        await until(`notice to ${manager}`, async () => (await sentTo(manager)).some((m) => m.text?.includes(number) && m.text.includes("2,889.00")));
      }
      const { salesorders } = await control<{ salesorders: { salesorder_number: string; total: number }[] }>("zohoUrl", `/__control/salesorders?reference_number=${number}`);
      expect(salesorders).toMatchObject([{ total: 2889 }]);
      // The customer heard nothing of the sale order or its total.
      const toCustomer = await sentTo(chatId);
      expect(toCustomer.some((m) => m.text?.includes(salesorders[0]!.salesorder_number) || m.text?.includes("2,889"))).toBe(false);

    } finally {
      await control("zohoUrl", `/__control/taxes/${vat.tax_id}`, { method: "PUT", body: { tax_percentage: 5 } });
    }
  });
});

describe("delivery fees are a setting managers change", () => {
  it("a fee added for a city is on the next quotation for it, and a bad fee is refused", async () => {
    const patch = (body: unknown) => adminFetch("/api/v1/admin/settings", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const before = (await (await adminFetch("/api/v1/admin/settings")).json()) as { settings: { deliveryFees: unknown[] } };
    const refused = await patch({ deliveryFees: [{ city: "Khor Fakkan", feeAed: -5, freeFromAed: null }] });
    expect(refused.status).toBe(400);
    try {
      expect((await patch({ deliveryFees: [...before.settings.deliveryFees, { city: "Khor Fakkan", feeAed: 150, freeFromAed: null }] })).status).toBe(200);
      const chatId = newChatId();
      const marker = `intro-${chatId}`;
      await scriptModel(marker, [{ toolCall: { name: "update_customer_profile", arguments: { name: "Salim Obaid", city: "Khor Fakkan" } } }, { text: "Thank you, noted." }]);
      await say(chatId, `about us ${marker}`);
      const quoted = await say(chatId, "please quote 2 x CH-SWG-1001");
      // 1,080 + 54 VAT + 150 delivery.
      expect(quoted).toContain("Delivery to Khor Fakkan: 150.00 AED");
      expect(quoted).toContain("Total: 1,284.00 AED");
    } finally {
      expect((await patch({ deliveryFees: before.settings.deliveryFees })).status).toBe(200);
    }
  });
});
