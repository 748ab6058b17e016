import { activePrompt, listPromptVersions } from "../../adapters/db/prompts-repo";
import { DEFAULT_SALES_PROMPT } from "../../core/agent/prompt";
import type { App } from "../http-types";
import { adminContract } from "../../core/staff/contract/admin";
import { playgroundContract } from "../../core/staff/contract/playground";
import { staffRoute } from "../staff-route";
import { activatePrompt, createPrompt } from "../../app/staff/services/admin";
import { tryPrompt } from "../../app/staff/services/playground";
import { servicesFor } from "../composition";

/**
 * `GET /api/v1/admin/prompts`: the active system prompt (or the built-in default) and all versions.
 * `POST /api/v1/admin/prompts`: a new version, optionally activated at once.
 * `POST /api/v1/admin/prompts/:version/activate`: roll forward or back to a version.
 * `POST /api/v1/admin/prompts/playground`: a draft prompt tried once on a test message, sending nothing.
 */
export function registerAdminPrompts(app: App): void {
  staffRoute(app, adminContract.getPrompts, async ({ ctx }) => {
    const active = await activePrompt(ctx.db, "system");
    const versions = await listPromptVersions(ctx.db, "system");
    return { active: active ?? { version: 0, content: DEFAULT_SALES_PROMPT, note: "built-in default", active: true }, versions };
  });

  staffRoute(app, adminContract.createPrompt, async ({ ctx, body }) => ({
    prompt: await createPrompt(ctx, { content: body.content, note: body.note ?? null, activate: body.activate }),
  }));

  staffRoute(app, adminContract.activatePrompt, async ({ ctx, params }) => {
    await activatePrompt(ctx, params.version);
    return { ok: true, active: params.version };
  });

  staffRoute(app, playgroundContract.tryPrompt, async ({ c, ctx, body }) => tryPrompt(ctx, servicesFor(c.env), body));
}
