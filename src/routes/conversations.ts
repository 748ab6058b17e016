import { z } from "zod";
import { withDatabase } from "../adapters/db/client";
import { listConversations, listMessages } from "../adapters/db/conversations-repo";
import type { App } from "../app";
import { getConfig } from "../config";
import { ApiError } from "../errors";
import { tokenAuth } from "../middleware/token-auth";

const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** `GET /api/v1/conversations` and `GET /api/v1/conversations/:id/messages` (operator token). */
export function registerConversations(app: App): void {
  const auth = tokenAuth({ setting: "ADMIN_API_TOKEN" });

  app.get("/api/v1/conversations", auth, async (c) => {
    const query = parseQuery(pageQuery, c.req.query());
    const rows = await withDatabase(getConfig(c.env), (db) => listConversations(db, query.limit, query.offset));
    return c.json({ conversations: rows, limit: query.limit, offset: query.offset });
  });

  app.get("/api/v1/conversations/:id/messages", auth, async (c) => {
    const id = z.string().uuid().safeParse(c.req.param("id"));
    if (!id.success) throw new ApiError(400, "VALIDATION_FAILED", "Conversation id must be a UUID");
    const query = parseQuery(pageQuery, c.req.query());
    const rows = await withDatabase(getConfig(c.env), (db) => listMessages(db, id.data, query.limit));
    return c.json({ messages: rows });
  });
}

export function parseQuery<S extends z.ZodType>(schema: S, query: Record<string, string>): z.infer<S> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(400, "VALIDATION_FAILED", `Invalid query parameter ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}
