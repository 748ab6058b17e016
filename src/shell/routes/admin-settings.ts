import { loadAgentSettingOverrides } from "../../adapters/db/settings-repo";
import type { App } from "../http-types";
import { defaultSettings, effectiveSettings } from "../../core/domain/settings";
import { adminContract } from "../../core/staff/contract/admin";
import { staffRoute } from "../staff-route";
import { patchSettings } from "../../app/staff/services/admin";

/**
 * `GET /api/v1/admin/settings`: effective settings, the defaults and what is overridden.
 * `PATCH /api/v1/admin/settings`: validated partial update; unknown keys and out-of-range values
 * are refused with 400 and change nothing. Conversations pick changes up at their next turn.
 */
export function registerAdminSettings(app: App): void {
  staffRoute(app, adminContract.getSettings, async ({ ctx, config }) => {
    const overrides = await loadAgentSettingOverrides(ctx.db);
    const defaults = defaultSettings(config);
    return { settings: effectiveSettings(defaults, overrides), defaults, overrides };
  });

  staffRoute(app, adminContract.patchSettings, async ({ ctx, config, body }) => {
    const overrides = await patchSettings(ctx, body);
    const defaults = defaultSettings(config);
    return { settings: effectiveSettings(defaults, overrides), defaults, overrides };
  });
}
