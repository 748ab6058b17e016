import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { newChatId, postWebhook, query, textMessage, waitUntilIdle } from "./helpers";
import { asToken, staffFetch, staffForSuite } from "./staff-helpers";

interface Entry {
  id: number;
  actorType: string;
  actorLabel: string;
  role: string;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

async function audit(filter: string): Promise<Entry[]> {
  const response = await asToken(`/api/v1/admin/audit?${filter.includes("limit=") ? "" : "limit=200&"}${filter}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { entries: Entry[] }).entries;
}

describe("audit log", () => {
  const staff = staffForSuite({ admin: "audit-admin", manager: "audit-manager" });

  it("records settings, prompts and user changes with the actor, before and after, and never a password", async () => {
    const settings = await staffFetch("/api/v1/admin/settings", { method: "PATCH", session: staff.admin.session, body: { dailyTokenCap: 987_654_321 } });
    expect(settings.status).toBe(200);
    const prompt = await staffFetch("/api/v1/admin/prompts", { method: "POST", session: staff.admin.session, body: { content: "You are a careful sales assistant for an office furniture shop. ".repeat(2), activate: false } });
    expect(prompt.status).toBe(201);
    const version = ((await prompt.json()) as { prompt: { version: number } }).prompt.version;
    const created = await staffFetch("/api/v1/admin/users", { method: "POST", session: staff.admin.session, body: { email: `new-${crypto.randomUUID().slice(0, 6)}@staff.test`, name: "New", role: "viewer", password: "a-secret-password-1" } });
    const userId = ((await created.json()) as { user: { id: string } }).user.id;
    expect((await staffFetch(`/api/v1/admin/users/${userId}`, { method: "PATCH", session: staff.admin.session, body: { role: "manager" } })).status).toBe(200);
    expect((await asToken(`/api/v1/admin/users/${userId}/password`, { method: "POST", body: { password: "another-secret-pw-2" } })).status).toBe(200);

    const mine = await audit(`actor=${staff.admin.email}`);
    const byAction = (action: string) => mine.filter((e) => e.action === action);
    expect(byAction("settings.update")[0]).toMatchObject({ actorType: "user", role: "admin", targetType: "settings", targetId: "agent", after: { dailyTokenCap: 987_654_321 } });
    expect(byAction("prompt.create")[0]).toMatchObject({ targetId: `system:${version}` });
    expect(byAction("user.create")[0]).toMatchObject({ targetType: "user", targetId: userId, after: { role: "viewer" } });
    expect(byAction("user.update")[0]).toMatchObject({ targetId: userId, before: { role: "viewer" }, after: { role: "manager" } });
    expect(byAction("user.create")[0]!.requestId).toBeTruthy();
    const viaToken = await audit(`actor=ADMIN_API_TOKEN&target=user:${userId}`);
    expect(viaToken.map((e) => [e.action, e.actorType, e.role])).toEqual([["user.password_reset", "token", "admin"]]);
    expect(JSON.stringify(await audit(`target=user:${userId}`))).not.toMatch(/a-secret-password-1|another-secret-pw-2/);
  });

  it("records knowledge changes, takeover, resume, replies, close, sync starts and job replays by the manager", async () => {
    const slug = `audit-${crypto.randomUUID().slice(0, 8)}`;
    const doc = { slug, topic: "other", language: "en", title: "Audit test document", body: "Parking is available behind the showroom for customers visiting us." };
    const created = await staffFetch("/api/v1/admin/knowledge", { method: "POST", session: staff.manager.session, body: doc });
    expect(created.status).toBe(201);
    const docId = ((await created.json()) as { document: { id: string } }).document.id;
    expect((await staffFetch(`/api/v1/admin/knowledge/${docId}`, { method: "PUT", session: staff.manager.session, body: { ...doc, title: "Audit test document v2" } })).status).toBe(200);
    expect((await staffFetch(`/api/v1/admin/knowledge/${docId}`, { method: "DELETE", session: staff.manager.session })).status).toBe(204);

    const chatId = newChatId();
    await postWebhook({ messages: [textMessage(chatId, "hello there")] });
    await waitUntilIdle(chatId);
    const conversationId = String((await query((db) => db.execute(sql`select id from conversations where chat_id = ${chatId}`))).rows[0]!.id);
    for (const action of ["handoff", "resume", "messages", "close"]) {
      const response = await staffFetch(`/api/v1/conversations/${conversationId}/${action}`, { method: "POST", session: staff.manager.session, body: action === "messages" ? { text: "A manager's note" } : {} });
      expect(response.status, action).toBeLessThan(300);
    }
    await waitUntilIdle(chatId);

    const sync = await staffFetch("/api/v1/products/sync", { method: "POST", session: staff.manager.session, body: {} });
    expect([200, 202]).toContain(sync.status);
    const runId = ((await sync.json()) as { run: { id: string } }).run.id;

    const jobId = `crm-lead:${crypto.randomUUID()}`;
    await query((db) => db.execute(sql`insert into zoho_jobs (id, kind, subject_id, status, last_error) values (${jobId}, 'crm-lead', ${crypto.randomUUID()}, 'dead', 'test')`));
    expect((await staffFetch(`/api/v1/admin/zoho-jobs/${encodeURIComponent(jobId)}/replay`, { method: "POST", session: staff.manager.session })).status).toBe(202);

    const mine = await audit(`actor=${staff.manager.email}`);
    const actions = mine.map((e) => `${e.action} ${e.targetType}:${e.targetId}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        `knowledge.create knowledge:${docId}`,
        `knowledge.update knowledge:${docId}`,
        `knowledge.delete knowledge:${docId}`,
        `conversation.takeover conversation:${conversationId}`,
        `conversation.resume conversation:${conversationId}`,
        `conversation.reply conversation:${conversationId}`,
        `conversation.close conversation:${conversationId}`,
        `catalog.sync_start sync_run:${runId}`,
        `job.replay zoho_job:${jobId}`,
      ]),
    );
    expect(mine.every((e) => e.role === "manager" && e.actorType === "user")).toBe(true);
    // Filters and paging.
    const page = await asToken(`/api/v1/admin/audit?actor=${staff.manager.email}&limit=2`);
    const first = (await page.json()) as { entries: Entry[]; nextBefore: number };
    expect(first.entries).toHaveLength(2);
    const next = (await (await asToken(`/api/v1/admin/audit?actor=${staff.manager.email}&limit=200&before=${first.nextBefore}`)).json()) as { entries: Entry[] };
    expect(next.entries.every((e) => e.id < first.nextBefore)).toBe(true);
    expect(next.entries).toHaveLength(mine.length - 2);
    expect((await audit(`action=conversation.close&target=conversation:${conversationId}`))).toHaveLength(1);
  });

  it("is append-only: the database refuses updates and deletes", async () => {
    const [entry] = await audit("limit=1");
    const failure = (work: Promise<unknown>) => work.then(() => "no error", (error: { cause?: { message?: string } }) => error.cause?.message ?? String(error));
    expect(await failure(query((db) => db.execute(sql`update audit_log set action = 'forged' where id = ${entry!.id}`)))).toMatch(/append-only/);
    expect(await failure(query((db) => db.execute(sql`delete from audit_log where id = ${entry!.id}`)))).toMatch(/append-only/);
    expect((await audit(`limit=1&before=${entry!.id + 1}`))[0]).toEqual(entry);
  });

  it("a failed change leaves no audit row", async () => {
    const before = (await audit(`actor=${staff.admin.email}&action=user.create`)).length;
    const duplicate = await staffFetch("/api/v1/admin/users", { method: "POST", session: staff.admin.session, body: { email: staff.manager.email, name: "Dup", role: "viewer", password: "a-secret-password-1" } });
    expect(duplicate.status).toBe(409);
    expect(await audit(`actor=${staff.admin.email}&action=user.create`)).toHaveLength(before);
  });
});
