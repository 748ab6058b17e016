import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { newChatId, query, say } from "./helpers";
import { staffFetch, staffUser } from "./staff-helpers";

/** A minimal RFC 4180 reader, to check the file as a spreadsheet would read it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(cell), (cell = "");
    else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    } else cell += ch;
  }
  return rows;
}

async function download(path: string, session: string): Promise<{ status: number; type: string | null; bytes: Uint8Array; rows: string[][] }> {
  const response = await staffFetch(path, { session });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  return { status: response.status, type: response.headers.get("content-type"), bytes, rows: response.status === 200 ? parseCsv(text.replace(/^\uFEFF/, "")) : [] };
}

describe("CSV exports", () => {
  it("customers: UTF-8 with BOM, Arabic intact, a formula-like name neutralised, audited, manager and up only", async () => {
    const evil = newChatId();
    const arabic = newChatId();
    await say(evil, "hello, chairs please");
    await say(arabic, "مرحبا، أريد كراسي");
    await query((db) => db.execute(sql`update customers set name = ${'=HYPERLINK("http://evil.test","click")'} where phone = ${evil}`));
    await query((db) => db.execute(sql`update customers set name = ${"سارة خان, \"المديرة\""} where phone = ${arabic}`));

    const manager = await staffUser("manager", "exporter");
    const from = new Date(Date.now() - 60 * 60_000).toISOString();
    const file = await download(`/api/v1/export/customers.csv?from=${encodeURIComponent(from)}`, manager.session);
    expect(file.status).toBe(200);
    expect(file.type).toBe("text/csv; charset=utf-8");
    expect([...file.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = file.rows;
    expect(header).toEqual(["id", "name", "phone", "language", "created_at", "conversations", "last_message_at", "opted_out_at"]);
    const byPhone = new Map(rows.map((r) => [r[2], r]));
    expect(byPhone.get(evil)![1]).toBe(`'=HYPERLINK("http://evil.test","click")`);
    expect(byPhone.get(arabic)![1]).toBe('سارة خان, "المديرة"');
    expect(byPhone.get(evil)![5]).toBe("1");

    // A range that ends before these customers leaves them out.
    const early = await download(`/api/v1/export/customers.csv?to=${encodeURIComponent(from)}`, manager.session);
    expect(early.rows.slice(1).some((r) => r[2] === evil)).toBe(false);

    const audit = await query((db) => db.execute(sql`select action, target_type from audit_log where actor_id = ${manager.id} and action = 'export'`));
    expect(audit.rows).toEqual([{ action: "export", target_type: "customers" }, { action: "export", target_type: "customers" }]);

    const viewer = await staffUser("viewer", "no-export");
    expect((await staffFetch("/api/v1/export/customers.csv", { session: viewer.session })).status).toBe(403);
    expect((await staffFetch("/api/v1/export/customers.csv")).status).toBe(401);
    expect((await staffFetch("/api/v1/export/customers.csv?from=yesterday", { session: manager.session })).status).toBe(400);
  });

  it("conversations, quotations and orders export with their headers; every row once", async () => {
    const manager = await staffUser("manager", "exporter2");
    for (const kind of ["conversations", "quotations", "orders"]) {
      const file = await download(`/api/v1/export/${kind}.csv`, manager.session);
      expect(file.status, kind).toBe(200);
      expect(file.rows[0]!.length, kind).toBeGreaterThan(4);
      for (const row of file.rows.slice(1)) expect(row.length, kind).toBe(file.rows[0]!.length);
    }
    const to = new Date().toISOString();
    const conversations = await download(`/api/v1/export/conversations.csv?to=${encodeURIComponent(to)}`, manager.session);
    const ids = conversations.rows.slice(1).map((r) => r[0]);
    expect(new Set(ids).size, "no row twice across pages").toBe(ids.length);
    const total = await query((db) => db.execute(sql`select count(*)::int as n from conversations where created_at < ${to}::timestamptz`));
    expect(ids.length).toBe((total.rows[0] as { n: number }).n);
  });
});
