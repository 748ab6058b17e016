import { beforeAll, describe, expect, it } from "vitest";
import { until, newChatId, postWebhook, textMessage, waitUntilIdle } from "./helpers";
import { staffFetch, staffUser, type TestStaff } from "./staff-helpers";

interface CustomerRow {
  id: string;
  name: string | null;
  phone: string | null;
  conversations: number;
  lastMessageAt: string | null;
  crmContactId: string | null;
}
interface CustomerDetail {
  customer: { id: string; name: string | null; phone: string | null; language: string | null };
  identities: { channel: string; externalId: string }[];
  crm: { contactId: string | null; url: string | null; status: string; syncedAt: string | null };
  conversations: { id: string; chatId: string; status: string }[];
  quotations: unknown[];
}

describe("customers: list, profile, CRM link and conversations", () => {
  let viewer: TestStaff;
  beforeAll(async () => {
    viewer = await staffUser("viewer", "customers");
  });
  const get = async <T>(path: string): Promise<T> => {
    const response = await staffFetch(path, { session: viewer.session });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };

  it("finds a customer who wrote, by phone digits, with their conversation and CRM contact", async () => {
    const chatId = newChatId();
    await postWebhook({ messages: [textMessage(chatId, "hello, do you sell standing desks?")] });
    await waitUntilIdle(chatId);

    const { customers } = await get<{ customers: CustomerRow[] }>(`/api/v1/customers?q=${chatId}`);
    expect(customers).toHaveLength(1);
    const row = customers[0]!;
    expect(row).toMatchObject({ phone: chatId, conversations: 1 });
    expect(row.lastMessageAt).not.toBeNull();

    // A customer's first message sends their contact to Zoho CRM; the profile shows it once synced.
    const detail = await until("the CRM contact to sync", async () => {
      const found = await get<CustomerDetail>(`/api/v1/customers/${row.id}`);
      return found.crm.status === "synced" ? found : null;
    });
    expect(detail.customer).toMatchObject({ id: row.id, phone: chatId });
    expect(detail.identities).toEqual([{ channel: "whatsapp", externalId: chatId }]);
    expect(detail.crm.contactId).toMatch(/^\d+$/);
    expect(detail.crm.syncedAt).not.toBeNull();
    // Tests run Zoho on a local stand-in, which has no web app to link to.
    expect(detail.crm.url).toBeNull();
    expect(detail.conversations).toEqual([expect.objectContaining({ chatId, status: "active", language: "en" })]);
    expect(detail.quotations).toEqual([]);

    const listedAgain = await get<{ customers: CustomerRow[] }>(`/api/v1/customers?q=${chatId}`);
    expect(listedAgain.customers[0]!.crmContactId).toBe(detail.crm.contactId);
  });

  it("pages, matches names, and refuses bad input", async () => {
    const page = await get<{ customers: CustomerRow[]; limit: number; offset: number }>("/api/v1/customers?limit=2&offset=0");
    expect(page.limit).toBe(2);
    expect(page.customers.length).toBeLessThanOrEqual(2);
    const byName = await get<{ customers: CustomerRow[] }>("/api/v1/customers?q=Test%20Customer&limit=5");
    expect(byName.customers.length).toBeGreaterThan(0);
    expect(byName.customers.every((c) => c.name?.includes("Test Customer"))).toBe(true);
    expect((await staffFetch("/api/v1/customers?limit=0", { session: viewer.session })).status).toBe(400);
    expect((await staffFetch(`/api/v1/customers/${crypto.randomUUID()}`, { session: viewer.session })).status).toBe(404);
    expect((await staffFetch("/api/v1/customers/not-a-uuid", { session: viewer.session })).status).toBe(400);
    expect((await staffFetch("/api/v1/customers")).status).toBe(401);
  });
});
