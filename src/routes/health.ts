import { sql } from "drizzle-orm";
import { withDatabase } from "../adapters/db/client";
import type { App } from "../app";
import { getConfig } from "../config";

/**
 * `GET /api/v1/health`: liveness plus a database round trip. Says which LLM mode the agent is in,
 * never any secret or configuration value.
 */
export function registerHealth(app: App): void {
  app.get("/api/v1/health", async (c) => {
    const config = getConfig(c.env);
    const started = Date.now();
    let database: { ok: boolean; ms?: number; error?: string };
    if (!config.DATABASE_URL) database = { ok: false, error: "DATABASE_URL is not set" };
    else {
      try {
        await withDatabase(config, (db) => db.execute(sql`select 1`));
        database = { ok: true, ms: Date.now() - started };
      } catch {
        database = { ok: false, error: "database unreachable" };
      }
    }
    const ok = database.ok;
    return c.json(
      {
        ok,
        database,
        llm: config.OPENROUTER_API_KEY ? { mode: "online", model: config.LLM_MODEL } : { mode: "offline" },
        wazzup: { configured: Boolean(config.WAZZUP_API_KEY && config.WAZZUP_WEBHOOK_TOKEN) },
        ...(config.LOCAL_INSTANCE_ID ? { instance: config.LOCAL_INSTANCE_ID } : {}),
      },
      ok ? 200 : 503,
    );
  });
}
