import { z } from "zod";
import { withDatabase } from "../adapters/db/client";
import { getDocument, listDocuments } from "../adapters/db/knowledge-repo";
import type { App } from "../app";
import { searchDeps } from "../catalog/catalog";
import { getConfig } from "../config";
import { KNOWLEDGE_TOPICS, knowledgeDocumentInput } from "../domain/knowledge";
import { ApiError } from "../errors";
import { removeKnowledge, saveKnowledge, searchKnowledge } from "../knowledge/service";
import { readJsonBody } from "../middleware/json-body";
import { tokenAuth } from "../middleware/token-auth";
import { parseQuery, uuidParam } from "./params";

const listQuery = z.object({ topic: z.enum(KNOWLEDGE_TOPICS).optional(), language: z.enum(["en", "ar"]).optional() });
const searchQuery = listQuery.extend({ q: z.string().trim().min(1).max(300), limit: z.coerce.number().int().min(1).max(10).default(3) });
const MAX_BODY_BYTES = 128 * 1024;

function documentId(raw: string): string {
  return uuidParam(raw, "document id");
}

/**
 * The knowledge base managers keep (delivery, warranty, payment, showroom, advantages, returns):
 * `GET/POST /api/v1/admin/knowledge`, `GET/PUT/DELETE /api/v1/admin/knowledge/:id`, and
 * `GET /api/v1/admin/knowledge/search?q=` to see what the agent would find.
 */
export function registerAdminKnowledge(app: App): void {
  const auth = tokenAuth({ setting: "ADMIN_API_TOKEN" });

  app.get("/api/v1/admin/knowledge", auth, async (c) => {
    const filter = parseQuery(listQuery, c.req.query());
    const documents = await withDatabase(getConfig(c.env), (db) => listDocuments(db, filter));
    return c.json({ documents });
  });

  app.get("/api/v1/admin/knowledge/search", auth, async (c) => {
    const query = parseQuery(searchQuery, c.req.query());
    const config = getConfig(c.env);
    const result = await withDatabase(config, (db) => searchKnowledge(searchDeps(config, db), query.q, { topic: query.topic, language: query.language, limit: query.limit }));
    return c.json(result);
  });

  app.post("/api/v1/admin/knowledge", auth, async (c) => {
    const input = await readJsonBody(c, knowledgeDocumentInput, MAX_BODY_BYTES);
    const config = getConfig(c.env);
    const saved = await withDatabase(config, (db) => saveKnowledge(searchDeps(config, db), input)).catch(conflictOnSlug);
    return c.json(saved, 201);
  });

  app.get("/api/v1/admin/knowledge/:id", auth, async (c) => {
    const id = documentId(c.req.param("id"));
    const found = await withDatabase(getConfig(c.env), (db) => getDocument(db, id));
    if (!found) throw new ApiError(404, "NOT_FOUND", "No knowledge document with that id");
    return c.json(found);
  });

  app.put("/api/v1/admin/knowledge/:id", auth, async (c) => {
    const id = documentId(c.req.param("id"));
    const input = await readJsonBody(c, knowledgeDocumentInput, MAX_BODY_BYTES);
    const config = getConfig(c.env);
    const saved = await withDatabase(config, (db) => saveKnowledge(searchDeps(config, db), input, id)).catch(conflictOnSlug);
    if (!saved) throw new ApiError(404, "NOT_FOUND", "No knowledge document with that id");
    return c.json(saved);
  });

  app.delete("/api/v1/admin/knowledge/:id", auth, async (c) => {
    const id = documentId(c.req.param("id"));
    const config = getConfig(c.env);
    const removed = await withDatabase(config, (db) => removeKnowledge(searchDeps(config, db), id));
    if (!removed) throw new ApiError(404, "NOT_FOUND", "No knowledge document with that id");
    return c.body(null, 204);
  });
}

/** A second document with the same slug is a 409, not a 500. */
function conflictOnSlug(error: unknown): never {
  const text = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}` : String(error);
  if (/knowledge_documents_slug_unique|duplicate key/i.test(text)) throw new ApiError(409, "CONFLICT", "A knowledge document with that slug already exists");
  throw error;
}
