import { z } from "zod";
import { withDatabase } from "../adapters/db/client";
import { activatePromptVersion, activePrompt, createPromptVersion, listPromptVersions } from "../adapters/db/prompts-repo";
import { DEFAULT_SALES_PROMPT } from "../agent/prompt";
import type { App } from "../app";
import { getConfig } from "../config";
import { ApiError } from "../errors";
import { readJsonBody } from "../middleware/json-body";
import { tokenAuth } from "../middleware/token-auth";

const SYSTEM = "system";

const createSchema = z
  .object({
    content: z.string().trim().min(50, "a system prompt of at least 50 characters").max(20_000),
    note: z.string().max(500).optional(),
    activate: z.boolean().default(false),
  })
  .strict();

/**
 * `GET /api/v1/admin/prompts`: the active system prompt (or the built-in default) and all versions.
 * `POST /api/v1/admin/prompts`: a new version, optionally activated at once.
 * `POST /api/v1/admin/prompts/:version/activate`: roll forward or back to a version.
 */
export function registerAdminPrompts(app: App): void {
  const auth = tokenAuth({ setting: "ADMIN_API_TOKEN" });

  app.get("/api/v1/admin/prompts", auth, async (c) => {
    const { active, versions } = await withDatabase(getConfig(c.env), async (db) => ({
      active: await activePrompt(db, SYSTEM),
      versions: await listPromptVersions(db, SYSTEM),
    }));
    return c.json({ active: active ?? { version: 0, content: DEFAULT_SALES_PROMPT, note: "built-in default", active: true }, versions });
  });

  app.post("/api/v1/admin/prompts", auth, async (c) => {
    const body = await readJsonBody(c, createSchema, 64 * 1024);
    const created = await withDatabase(getConfig(c.env), (db) =>
      createPromptVersion(db, { name: SYSTEM, content: body.content, note: body.note ?? null, activate: body.activate }),
    );
    return c.json({ prompt: created }, 201);
  });

  app.post("/api/v1/admin/prompts/:version/activate", auth, async (c) => {
    const version = z.coerce.number().int().positive().safeParse(c.req.param("version"));
    if (!version.success) throw new ApiError(400, "VALIDATION_FAILED", "Version must be a positive integer");
    const found = await withDatabase(getConfig(c.env), (db) => activatePromptVersion(db, SYSTEM, version.data));
    if (!found) throw new ApiError(404, "NOT_FOUND", `No system prompt version ${version.data}`);
    return c.json({ ok: true, active: version.data });
  });
}
