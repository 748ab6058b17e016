import { getDocument, listDocuments } from "../../adapters/db/knowledge-repo";
import type { App } from "../http-types";
import { searchDeps } from "../../app/catalog/catalog";
import { ApiError } from "../../core/errors";
import { searchKnowledge } from "../../app/knowledge/service";
import { adminContract } from "../../core/staff/contract/admin";
import { takeRateLimit } from "../../app/staff/rate-limit";
import { staffRoute } from "../staff-route";
import { deleteKnowledgeDocument, saveKnowledgeDocument } from "../../app/staff/services/admin";

const missing = () => new ApiError(404, "NOT_FOUND", "No knowledge document with that id");

/**
 * The knowledge base managers keep (delivery, warranty, payment, showroom, advantages, returns):
 * `GET/POST /api/v1/admin/knowledge`, `GET/PUT/DELETE /api/v1/admin/knowledge/:id`, and
 * `GET /api/v1/admin/knowledge/search?q=` to see what the agent would find.
 */
export function registerAdminKnowledge(app: App): void {
  staffRoute(app, adminContract.listKnowledge, async ({ ctx, query }) => ({ documents: await listDocuments(ctx.db, query) }));

  staffRoute(app, adminContract.searchKnowledge, async ({ ctx, config, query }) => {
    await takeRateLimit(ctx.db, "search", ctx.actor);
    return searchKnowledge(searchDeps(config, ctx.db), query.q, { topic: query.topic, language: query.language, limit: query.limit });
  });

  staffRoute(app, adminContract.createKnowledge, async ({ ctx, config, body }) => saveKnowledgeDocument(ctx, config, body));

  staffRoute(app, adminContract.getKnowledge, async ({ ctx, params }) => {
    const found = await getDocument(ctx.db, params.id);
    if (!found) throw missing();
    return found;
  });

  staffRoute(app, adminContract.updateKnowledge, async ({ ctx, config, params, body }) => {
    const saved = await saveKnowledgeDocument(ctx, config, body, params.id);
    if (!saved) throw missing();
    return saved;
  });

  staffRoute(app, adminContract.deleteKnowledge, async ({ ctx, config, params }) => {
    if (!(await deleteKnowledgeDocument(ctx, config, params.id))) throw missing();
    return null;
  });
}
