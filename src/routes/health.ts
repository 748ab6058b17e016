import { sql } from "drizzle-orm";
import { withDatabase } from "../adapters/db/client";
import type { App } from "../app";
import { getConfig } from "../config";

/**
 * `GET /api/v1/health`: liveness plus a database round trip, answered to anyone. It names no
 * model, provider or setting (not even which are set): a public probe would learn what to attack
 * from it. `instance` is the per-start id `npm start` sets locally to recognise its own worker.
 */
export function registerHealth(app: App): void {
  app.get("/api/v1/health", async (c) => {
    const config = getConfig(c.env);
    const started = Date.now();
    let database: { ok: boolean; ms?: number };
    try {
      if (!config.DATABASE_URL) throw new Error("no database");
      await withDatabase(config, (db) => db.execute(sql`select 1`));
      database = { ok: true, ms: Date.now() - started };
    } catch {
      database = { ok: false };
    }
    return c.json({ ok: database.ok, database, ...(config.LOCAL_INSTANCE_ID ? { instance: config.LOCAL_INSTANCE_ID } : {}) }, database.ok ? 200 : 503);
  });
}
