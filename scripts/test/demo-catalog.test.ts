import assert from "node:assert/strict";
import { test } from "node:test";
import postgres from "postgres";
import { startServices } from "../dev/services";
import { seedsDemoCatalog } from "../dev/stack";

test("with a real Zoho configured, the start loads the demo knowledge but no demo catalog", async () => {
  assert.equal(seedsDemoCatalog({ ZOHO_REFRESH_TOKEN: "1000.real" }), false);
  assert.equal(seedsDemoCatalog({}), true);
  const steps: string[] = [];
  const services = await startServices({ seed: true, seedCatalog: seedsDemoCatalog({ ZOHO_REFRESH_TOKEN: "1000.real" }), onProgress: (step) => steps.push(step) });
  try {
    const sql = postgres(services.databaseUrl, { max: 1, onnotice: () => undefined });
    try {
      const [products] = await sql<{ n: number }[]>`select count(*)::int as n from products`;
      const [documents] = await sql<{ n: number }[]>`select count(*)::int as n from knowledge_documents`;
      assert.equal(products!.n, 0);
      assert.ok(documents!.n > 0, "the demo knowledge base is loaded");
    } finally {
      await sql.end();
    }
    assert.ok(steps.some((step) => /no demo catalog/.test(step)), steps.join("\n"));
  } finally {
    await services.stop();
  }
});

test("the demo catalog the stand-in serves is loaded marked demo, so a sync with a real Zoho removes it", async () => {
  const services = await startServices({ seed: true });
  try {
    const sql = postgres(services.databaseUrl, { max: 1, onnotice: () => undefined });
    try {
      const [row] = await sql<{ n: number; demo: number }[]>`select count(*)::int as n, count(*) filter (where demo)::int as demo from products`;
      assert.ok(row!.n > 100);
      assert.equal(row!.demo, row!.n);
    } finally {
      await sql.end();
    }
  } finally {
    await services.stop();
  }
});
