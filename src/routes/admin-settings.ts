import { withDatabase } from "../adapters/db/client";
import { loadAgentSettingOverrides, patchAgentSettings } from "../adapters/db/settings-repo";
import type { App } from "../app";
import { getConfig } from "../config";
import { agentSettingsPatchSchema, defaultSettings, effectiveSettings } from "../domain/settings";
import { readJsonBody } from "../middleware/json-body";
import { tokenAuth } from "../middleware/token-auth";

/**
 * `GET /api/v1/admin/settings`: effective settings, the defaults and what is overridden.
 * `PATCH /api/v1/admin/settings`: validated partial update; unknown keys and out-of-range values
 * are refused with 400 and change nothing. Conversations pick changes up at their next turn.
 */
export function registerAdminSettings(app: App): void {
  const auth = tokenAuth({ setting: "ADMIN_API_TOKEN" });

  app.get("/api/v1/admin/settings", auth, async (c) => {
    const config = getConfig(c.env);
    const overrides = await withDatabase(config, loadAgentSettingOverrides);
    const defaults = defaultSettings(config);
    return c.json({ settings: effectiveSettings(defaults, overrides), defaults, overrides });
  });

  app.patch("/api/v1/admin/settings", auth, async (c) => {
    const config = getConfig(c.env);
    const patch = await readJsonBody(c, agentSettingsPatchSchema, 16 * 1024);
    const overrides = await withDatabase(config, (db) => patchAgentSettings(db, patch));
    const defaults = defaultSettings(config);
    return c.json({ settings: effectiveSettings(defaults, overrides), defaults, overrides });
  });
}
