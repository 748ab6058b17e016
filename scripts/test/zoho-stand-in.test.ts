import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { startZohoStandIn } from "../../stand-ins/zoho";
import { demoZohoItems } from "../db/seed";

const options = { clientId: "1000.TEST", clientSecret: "secret", refreshToken: "refresh", organizationId: "10000000001" };

async function placeOrder(url: string): Promise<string> {
  const token = await fetch(`${url}/oauth/v2/token?grant_type=refresh_token&client_id=${options.clientId}&client_secret=${options.clientSecret}&refresh_token=${options.refreshToken}`, { method: "POST" });
  const { access_token } = (await token.json()) as { access_token: string };
  const call = async (path: string, body: unknown) => {
    const response = await fetch(`${url}/inventory/v1${path}?organization_id=${options.organizationId}`, {
      method: "POST",
      headers: { authorization: `Zoho-oauthtoken ${access_token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 201);
    return (await response.json()) as Record<string, Record<string, string>>;
  };
  const { contact } = await call("/contacts", { contact_name: `Customer ${Math.random()}` });
  const item = demoZohoItems()[0]!;
  const { salesorder } = await call("/salesorders", { customer_id: contact!.contact_id, line_items: [{ item_id: item.item_id, quantity: 1 }] });
  return salesorder!.salesorder_number!;
}

test("the Zoho stand-in of npm start goes on numbering sale orders after a restart, as Zoho never reuses a number", async () => {
  const dir = mkdtempSync(join(tmpdir(), "zoho-numbers-"));
  try {
    const file = join(dir, "zoho-salesorder-number");
    const first = await startZohoStandIn({ ...options, items: demoZohoItems(), salesOrderNumberFile: file });
    assert.equal(await placeOrder(first.url), "SO-00001");
    assert.equal(await placeOrder(first.url), "SO-00002");
    await first.close();
    const restarted = await startZohoStandIn({ ...options, items: demoZohoItems(), salesOrderNumberFile: file });
    try {
      assert.equal(await placeOrder(restarted.url), "SO-00003");
    } finally {
      await restarted.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
