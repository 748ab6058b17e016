import { runDurableObjectAlarm } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { conversation, until, newChatId, postWebhook, query, sentTo, textMessage, waitUntilIdle } from "./helpers";

afterEach(() => vi.restoreAllMocks());

/**
 * Issue 11: a failed query was logged as drizzle's message, "Failed query: … params: <the
 * customer's words, name and phone>", and Postgres's own error was dropped. The fault is real:
 * a trigger in the test database refuses to store messages carrying this test's marker.
 */
describe("database errors in logs", () => {
  it("log Postgres's code and message and the statement, never the query's parameters", async () => {
    const chatId = newChatId();
    const marker = `NOSTORE${chatId}`;
    const trigger = `refuse_${chatId}`;
    await query((db) =>
      db.execute(
        sql.raw(`CREATE OR REPLACE FUNCTION test_refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF NEW.text LIKE '%' || TG_ARGV[0] || '%' THEN RAISE EXCEPTION 'message refused by test trigger'; END IF; RETURN NEW; END $$;
          CREATE TRIGGER ${trigger} BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION test_refuse_marked('${marker}')`),
      ),
    );
    // Our log lines are JSON; the Qdrant client's own warning about a key over http (the stand-in) is not.
    const lines: string[] = [];
    for (const level of ["error", "warn", "log"] as const) vi.spyOn(console, level).mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      const secretWords = "my private budget is secret-figure-77";
      const message = textMessage(chatId, `${marker} ${secretWords}, call me on +971 50 765 4321`, { contact: { name: "Mariam Haddad", phone: chatId } });
      expect((await postWebhook({ messages: [message] })).status).toBe(200);
      const failure = await until("the failed turn's log line", async () => lines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.event === "conversation.turn_failed"), { timeoutMs: 15_000 });
      expect(failure).toMatchObject({ errorName: "DatabaseQueryError", pgCode: "P0001", pgMessage: "message refused by test trigger", pgRoutine: "exec_stmt_raise" });
      // The statement as written, with placeholders where the values were.
      expect(String(failure.statement)).toContain("$1");
      const all = lines.join("\n");
      for (const leaked of [marker, secretWords, "secret-figure", "765 4321", chatId, "Mariam", "params:"]) expect(all).not.toContain(leaked);
    } finally {
      vi.restoreAllMocks();
      await query((db) => db.execute(sql.raw(`DROP TRIGGER IF EXISTS ${trigger} ON messages`)));
    }
    // With the fault gone the retried turn stores the message and answers it.
    await runDurableObjectAlarm(conversation(chatId));
    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toHaveLength(1);
  });
});

/**
 * The Zoho job ledger keeps each attempt's error for staff (Orders, dead jobs). It kept drizzle's
 * message, "Failed query: … params: …", with whatever the statement carried; it now keeps what
 * the log keeps. The fault is real: a trigger refuses to link this customer to its CRM contact.
 */
describe("database errors in the Zoho job ledger", () => {
  it("keep Postgres's message and never the query's parameters", async () => {
    const chatId = newChatId();
    const trigger = `refuse_link_${chatId}`;
    await query((db) =>
      db.execute(
        sql.raw(`CREATE OR REPLACE FUNCTION test_refuse_link() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF EXISTS (SELECT 1 FROM customers c WHERE c.id = NEW.customer_id AND c.phone = TG_ARGV[0]) THEN RAISE EXCEPTION 'link refused by test trigger'; END IF; RETURN NEW; END $$;
          CREATE TRIGGER ${trigger} BEFORE INSERT OR UPDATE ON customer_zoho_links FOR EACH ROW EXECUTE FUNCTION test_refuse_link('${chatId}')`),
      ),
    );
    try {
      expect((await postWebhook({ messages: [textMessage(chatId, "hello", { contact: { name: "Mariam Haddad", phone: chatId } })] })).status).toBe(200);
      const lastError = await until("the CRM contact job's recorded failure", async () => {
        const { rows } = await query((db) =>
          db.execute(sql`select j.last_error from zoho_jobs j join customers c on j.subject_id = c.id where c.phone = ${chatId} and j.kind = 'crm-contact' and j.last_error is not null`),
        );
        return rows[0]?.last_error as string | undefined;
      }, { timeoutMs: 20_000 });
      expect(lastError).toContain("link refused by test trigger");
      expect(lastError).not.toContain("params:");
      expect(lastError).not.toContain(chatId);
    } finally {
      await query((db) => db.execute(sql.raw(`DROP TRIGGER IF EXISTS ${trigger} ON customer_zoho_links`)));
    }
  });
});
