import { WazzupClient } from "../../adapters/channels/wazzup/client";
import type { Config } from "../../core/config";
import { placeholderCount } from "../../core/outreach/proactive-rules";

/**
 * The WhatsApp template chosen in settings, if Wazzup lists it as approved and it takes `values`
 * values: its id and body (to keep the rendered text on record). Null otherwise.
 */
export async function approvedTemplate(config: Config, id: string, values: number): Promise<{ id: string; body: string } | null> {
  const templates = await WazzupClient.fromConfig(config).templates();
  const template = templates.find((t) => t.templateGuid === id);
  if (!template || template.status?.toUpperCase() !== "APPROVED") return null;
  const body = template.components.find((c) => c.type.toUpperCase() === "BODY")?.text ?? "";
  return placeholderCount(body) === values ? { id, body } : null;
}

/** Every template the account has, for the settings screen to choose from. */
export async function listTemplates(config: Config) {
  const templates = await WazzupClient.fromConfig(config).templates();
  return templates.map((t) => ({
    id: t.templateGuid,
    title: t.title ?? t.name ?? t.templateGuid,
    language: t.language ?? null,
    status: t.status ?? null,
    body: t.components.find((c) => c.type.toUpperCase() === "BODY")?.text ?? "",
  }));
}
