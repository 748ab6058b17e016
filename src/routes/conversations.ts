import { z } from "zod";
import { withDatabase } from "../adapters/db/client";
import { findConversation, listConversations, listMessages } from "../adapters/db/conversations-repo";
import { conversationKey } from "../channels/address";
import type { Context } from "hono";
import type { App, AppBindings } from "../app";
import { readJsonBody } from "../middleware/json-body";
import { getConfig } from "../config";
import { ApiError } from "../errors";
import { tokenAuth } from "../middleware/token-auth";
import { parseQuery, uuidParam } from "./params";

const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/**
 * `GET /api/v1/conversations`, `GET /api/v1/conversations/:id/messages`, and the takeover actions
 * `POST /api/v1/conversations/:id/handoff` (the bot goes quiet) and `/resume` (it answers again).
 */
export function registerConversations(app: App): void {
  const auth = tokenAuth({ setting: "ADMIN_API_TOKEN" });

  app.get("/api/v1/conversations", auth, async (c) => {
    const query = parseQuery(pageQuery, c.req.query());
    const rows = await withDatabase(getConfig(c.env), (db) => listConversations(db, query.limit, query.offset));
    return c.json({ conversations: rows, limit: query.limit, offset: query.offset });
  });

  app.get("/api/v1/conversations/:id/messages", auth, async (c) => {
    const id = uuidParam(c.req.param("id"), "Conversation id");
    const query = parseQuery(pageQuery, c.req.query());
    const rows = await withDatabase(getConfig(c.env), (db) => listMessages(db, id, query.limit));
    return c.json({ messages: rows });
  });

  const conversationStub = async (c: Context<AppBindings>) => {
    const id = uuidParam(c.req.param("id"), "Conversation id");
    const conversation = await withDatabase(getConfig(c.env), (db) => findConversation(db, id));
    if (!conversation) throw new ApiError(404, "NOT_FOUND", "No conversation with that id");
    return c.env.CONVERSATIONS.get(c.env.CONVERSATIONS.idFromName(conversationKey(conversation)));
  };

  app.post("/api/v1/conversations/:id/handoff", auth, async (c) => {
    const body = await readJsonBody(c, z.object({ summary: z.string().min(1).max(500).default("Taken over from the admin panel.") }).strict(), 4096, { emptyIsObject: true });
    const stub = await conversationStub(c);
    await stub.takeOver(body.summary);
    return c.json({ ok: true, handoff: (await stub.snapshot()).handoff });
  });

  app.post("/api/v1/conversations/:id/resume", auth, async (c) => {
    const stub = await conversationStub(c);
    await stub.resume();
    return c.json({ ok: true, handoff: (await stub.snapshot()).handoff });
  });
}
