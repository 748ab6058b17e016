import { sql } from "drizzle-orm";
import { withDatabase } from "../../adapters/db/client";
import type { App } from "../http-types";
import { readModelStatus, type ModelState } from "../../adapters/db/model-status-repo";
import { getConfig } from "../../core/config";

/**
 * Whether customers get the AI's answers: `answering`, `offline` (no key configured: the offline
 * salesperson answers by design), or the failure of the current streak (`key_refused`,
 * `unreachable`) with when it began. Named `ai`, never the model or the provider.
 */
export type AiHealth = { ok: true; state: "answering" | "offline" } | { ok: false; state: Exclude<ModelState, "answering">; since: string | null };

/**
 * `GET /api/v1/health`: liveness plus a database round trip and whether the AI answers, answered to anyone. It names no
 * model, provider or setting (not even which are set): a public probe would learn what to attack
 * from it. `instance` is the per-start id `npm start` sets locally to recognise its own worker.
 */
export function registerHealth(app: App): void {
  app.get("/api/v1/health", async (c) => {
    const config = getConfig(c.env);
    const started = Date.now();
    let database: { ok: boolean; ms?: number };
    let ai: AiHealth = { ok: true, state: config.OPENROUTER_API_KEY ? "answering" : "offline" };
    try {
      if (!config.DATABASE_URL) throw new Error("no database");
      const status = await withDatabase(config, async (db) => {
        await db.execute(sql`select 1`);
        return config.OPENROUTER_API_KEY ? readModelStatus(db) : null;
      });
      database = { ok: true, ms: Date.now() - started };
      if (status && status.state !== "answering") ai = { ok: false, state: status.state, since: status.since };
    } catch {
      database = { ok: false };
    }
    // `ok` is the worker's own liveness: a failing model leaves it serving (the offline salesperson answers).
    return c.json({ ok: database.ok, database, ai, ...(config.LOCAL_INSTANCE_ID ? { instance: config.LOCAL_INSTANCE_ID } : {}) }, database.ok ? 200 : 503);
  });
}
