import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customerIdentities, quotations } from "../src/adapters/db/schema";
import { newTelegramChatId, startUpdate, textUpdate } from "../stand-ins/telegram-updates";
import { adminFetch, control, query, say, scriptModel, until, waitUntilStubIdle } from "./helpers";
import { postTelegramUpdate, telegramChat, telegramConversation } from "./telegram-helpers";

/** Telegram buyers reach Zoho CRM: filed by name and @handle, their deals named for Telegram. */

interface CrmRecord {
  id: string;
  [field: string]: unknown;
}

async function crm(module: "Contacts" | "Deals", field: string, value: string): Promise<CrmRecord[]> {
  return (await control<{ records: CrmRecord[] }>("zohoUrl", `/__control/crm/${module}?field=${field}&value=${encodeURIComponent(value)}`)).records;
}

async function customerOf(chatId: number): Promise<string> {
  const [identity] = await query((db) => db.select().from(customerIdentities).where(eq(customerIdentities.externalId, String(chatId))));
  return identity!.customerId;
}

describe("Telegram buyers in Zoho CRM", () => {
  it("files the buyer by name and @handle, names the deal for Telegram, and wins it when the order is placed", async () => {
    const chatId = newTelegramChatId();
    const handle = `layla_${chatId}`;
    expect((await postTelegramUpdate(startUpdate({ chatId, firstName: "Layla", lastName: "Nasser", username: handle }))).status).toBe(200);
    await waitUntilStubIdle(telegramConversation(chatId), String(chatId));
    const marker = `tg-crm-${chatId}`;
    await scriptModel(marker, [{ toolCall: { name: "update_customer_profile", arguments: { name: "Layla Nasser", city: "Dubai", company: "Nasser Design" } } }, { text: "Thank you, noted." }]);
    const layla = telegramChat(chatId, { firstName: "Layla", lastName: "Nasser", username: handle });
    await say(layla, `we need chairs ${marker}`);
    const number = /Q-\d{6}/.exec(await say(layla, "please quote 2 x CH-SWG-1001"))![0];
    await say(layla, "Yes, confirm");

    const customerId = await customerOf(chatId);
    const [contact] = await until("the CRM contact", async () => {
      const found = await crm("Contacts", "Last_Name", "Nasser");
      const mine = found.filter((c) => String(c.Description).includes(`@${handle}`));
      return mine.length > 0 ? mine : null;
    });
    expect(contact).toMatchObject({ First_Name: "Layla", Last_Name: "Nasser", Lead_Source: "Telegram", Mailing_City: "Dubai" });
    expect(String(contact!.Description)).toContain(`Telegram: @${handle} (chat ${chatId})`);
    expect(String(contact!.Description)).toContain("Company: Nasser Design");
    // One contact, however many times the profile changed.
    expect((await crm("Contacts", "Last_Name", "Nasser")).filter((c) => String(c.Description).includes(`@${handle}`))).toHaveLength(1);

    await until("the quotation ordered", async () => {
      const [row] = await query((db) => db.select().from(quotations).where(eq(quotations.number, number)));
      return row?.state === "ordered" ? row : null;
    });
    const [deal] = await until("the won Telegram deal", async () => {
      const found = await crm("Deals", "Deal_Name", `${number} Telegram quotation`);
      return found[0]?.Stage === "Closed Won" ? found : null;
    });
    expect(deal).toMatchObject({ Lead_Source: "Telegram", Contact_Name: { id: contact!.id } });
    expect(String(deal!.Description)).toMatch(/^Telegram conversation with Layla Nasser/);
    expect(await crm("Deals", "Deal_Name", `${number} WhatsApp quotation`)).toHaveLength(0);

    // The panel's API shows the contact synced.
    const detail = (await (await adminFetch(`/api/v1/customers/${customerId}`)).json()) as { crm: { status: string; contactId: string; reason: string | null } };
    expect(detail.crm).toMatchObject({ status: "synced", contactId: contact!.id, reason: null });
  });

  it("shows why a buyer is not in CRM when there is nothing to file them under", async () => {
    const chatId = newTelegramChatId();
    // A Telegram account with a blank name and no handle, which shares nothing.
    expect((await postTelegramUpdate(textUpdate({ chatId, text: "hello", firstName: " " }))).status).toBe(200);
    await waitUntilStubIdle(telegramConversation(chatId), String(chatId));
    const customerId = await customerOf(chatId);
    const detail = await until("the CRM status with its reason", async () => {
      const body = (await (await adminFetch(`/api/v1/customers/${customerId}`)).json()) as { crm: { status: string; reason: string | null } };
      return body.crm.status === "not_synced" && body.crm.reason?.includes("nothing to file the contact under") ? body : null;
    });
    expect(detail.crm.reason).toContain("no name, Telegram handle, e-mail or phone number yet");
    const listed = (await (await adminFetch("/api/v1/crm/contacts?limit=200")).json()) as { contacts: { customerId: string; status: string; reason: string | null }[] };
    expect(listed.contacts.find((c) => c.customerId === customerId)).toMatchObject({ status: "not_synced", reason: expect.stringContaining("nothing to file the contact under") });
  });
});
