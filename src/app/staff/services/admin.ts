import { getDocument } from "../../../adapters/db/knowledge-repo";
import { activatePromptVersion, activePrompt, createPromptVersion } from "../../../adapters/db/prompts-repo";
import { loadAgentSettingOverrides, patchAgentSettings } from "../../../adapters/db/settings-repo";
import { searchDeps } from "../../catalog/catalog";
import type { Config } from "../../../core/config";
import type { KnowledgeDocumentInput } from "../../../core/domain/knowledge";
import type { AgentSettingsPatch } from "../../../core/domain/settings";
import { removeKnowledge, saveKnowledge } from "../../knowledge/service";
import { recordAudit } from "../audit";
import type { Database } from "../../../adapters/db/client";
import { inTransaction, requirePermission, type ServiceContext } from "../context";
import { conflict, notFound } from "../../../core/staff/errors";

/**
 * Changes to what steers the agent (settings, the system prompt, the knowledge base), each with
 * its audit row in the same transaction as the change.
 */
export async function patchSettings(ctx: ServiceContext, patch: AgentSettingsPatch): Promise<Record<string, unknown>> {
  requirePermission(ctx.actor, "settings.write");
  return inTransaction(ctx.db, async (tx) => {
    const before = await loadAgentSettingOverrides(tx);
    const after = await patchAgentSettings(tx, patch);
    await recordAudit({ ...ctx, db: tx }, { action: "settings.update", targetType: "settings", targetId: "agent", before, after });
    return after;
  });
}

export async function createPrompt(ctx: ServiceContext, input: { content: string; note: string | null; activate: boolean }) {
  requirePermission(ctx.actor, "prompts.write");
  return inTransaction(ctx.db, async (tx) => {
    const before = await activePrompt(tx, "system");
    const created = await createPromptVersion(tx, { name: "system", ...input });
    await recordAudit({ ...ctx, db: tx }, { action: "prompt.create", targetType: "prompt", targetId: `system:${created.version}`, before: before ? { activeVersion: before.version } : null, after: { version: created.version, active: created.active, note: created.note, content: created.content } });
    return created;
  });
}

export async function activatePrompt(ctx: ServiceContext, version: number): Promise<void> {
  requirePermission(ctx.actor, "prompts.write");
  await inTransaction(ctx.db, async (tx) => {
    const before = await activePrompt(tx, "system");
    if (!(await activatePromptVersion(tx, "system", version))) throw notFound(`No system prompt version ${version}`);
    await recordAudit({ ...ctx, db: tx }, { action: "prompt.activate", targetType: "prompt", targetId: `system:${version}`, before: { activeVersion: before?.version ?? 0 }, after: { activeVersion: version } });
  });
}

/** Creates (no id) or replaces a knowledge document; null when the id does not exist. */
export async function saveKnowledgeDocument(ctx: ServiceContext, config: Config, input: KnowledgeDocumentInput, id?: string) {
  requirePermission(ctx.actor, "knowledge.write");
  return inTransaction(ctx.db, async (tx) => {
    const before = id ? await getDocument(tx, id) : null;
    if (id && !before) return null;
    const saved = await saveKnowledge(knowledgeDeps(config, tx), input, id).catch(conflictOnSlug);
    if (!saved) return null;
    await recordAudit({ ...ctx, db: tx }, { action: id ? "knowledge.update" : "knowledge.create", targetType: "knowledge", targetId: saved.document.id, before, after: input });
    return saved;
  });
}

export async function deleteKnowledgeDocument(ctx: ServiceContext, config: Config, id: string): Promise<boolean> {
  requirePermission(ctx.actor, "knowledge.write");
  return inTransaction(ctx.db, async (tx) => {
    const before = await getDocument(tx, id);
    if (!before || !(await removeKnowledge(knowledgeDeps(config, tx), id))) return false;
    await recordAudit({ ...ctx, db: tx }, { action: "knowledge.delete", targetType: "knowledge", targetId: id, before });
    return true;
  });
}

/** The knowledge service inside this transaction: the vector index's work runs in a savepoint, so its failure cannot abort the audit row. */
function knowledgeDeps(config: Config, tx: Database) {
  return { ...searchDeps(config, tx), isolate: <T>(work: () => Promise<T>) => tx.transaction(() => work()) };
}

/** A second document with the same slug is a conflict, not a 500. */
function conflictOnSlug(error: unknown): never {
  const text = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}` : String(error);
  if (/knowledge_documents_slug_unique|duplicate key/i.test(text)) throw conflict("A knowledge document with that slug already exists");
  throw error;
}
