import { findConversation, listMessages } from "../../adapters/db/conversations-repo";
import { countWaitingForHuman, listInbox, listTurns } from "../../adapters/db/inbox-repo";
import type { App } from "../http-types";
import { servicesFor } from "../composition";
import { ApiError } from "../../core/errors";
import { conversationsContract as contract } from "../../core/staff/contract/conversations";
import { notFound } from "../../core/staff/errors";
import { sessionLimits } from "../middleware/staff-auth";
import { staffRoute } from "../staff-route";
import { sessionDeadlines } from "../../app/staff/sessions";
import { documentPath } from "../../app/orders/document";
import type { Config } from "../../core/config";
import { closeConversation, managerReply, resume, takeOver } from "../../app/staff/services/inbox";
import { durableObjectStubs } from "../durable-object-stubs";

/**
 * The inbox: conversations with filters, messages with delivery status, bot turn traces, takeover
 * and hand-back, a manager's reply, close, and the live event stream.
 */
export function registerConversations(app: App): void {
  staffRoute(app, contract.listConversations, async ({ ctx, query }) => ({
    conversations: await listInbox(ctx.db, query),
    waitingForHuman: await countWaitingForHuman(ctx.db),
    limit: query.limit,
    offset: query.offset,
  }));

  staffRoute(app, contract.listMessages, async ({ ctx, config, params, query }) => {
    if (!(await findConversation(ctx.db, params.id))) throw notFound("No conversation with that id");
    const rows = await listMessages(ctx.db, params.id, query.limit, query.offset, query.latest ?? false);
    // The quotation document we sent opens from the panel by a link of its own (signed for staff, not the customer's).
    const messages = await Promise.all(rows.map(async (m) => ({ ...m, documentPath: m.type === "document" ? await quotationDocumentPath(config, m.clientMessageId) : null })));
    return { messages };
  });

  staffRoute(app, contract.listTurns, async ({ ctx, params, query }) => ({ turns: await listTurns(ctx.db, params.id, query.limit) }));

  staffRoute(app, contract.takeOver, async ({ c, ctx, params, body }) => ({ ok: true, handoff: await takeOver(ctx, servicesFor(c.env), params.id, body.summary) }));

  staffRoute(app, contract.resume, async ({ c, ctx, params }) => ({ ok: true, handoff: await resume(ctx, servicesFor(c.env), params.id) }));

  staffRoute(app, contract.reply, async ({ c, ctx, params, body }) => managerReply(ctx, servicesFor(c.env), params.id, body));

  staffRoute(app, contract.close, async ({ c, ctx, params }) => {
    await closeConversation(ctx, servicesFor(c.env), params.id);
    return { ok: true };
  });

  staffRoute(app, contract.events, async ({ c, ctx, config, query }) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") throw new ApiError(400, "BAD_REQUEST", "Open this endpoint as a WebSocket (Upgrade: websocket)");
    const url = new URL("https://inbox-events/connect");
    if (query.conversation) url.searchParams.set("conversation", query.conversation);
    if (ctx.actor.kind === "user") {
      url.searchParams.set("user", ctx.actor.userId);
      if (ctx.actor.sessionHash) {
        url.searchParams.set("session", ctx.actor.sessionHash);
        // The socket closes when the session expires or goes idle, not only when it is revoked.
        const deadlines = await sessionDeadlines(ctx.db, ctx.actor.sessionHash, sessionLimits(config));
        if (deadlines) {
          url.searchParams.set("expires", String(deadlines.expiresAt));
          url.searchParams.set("idle", String(deadlines.idleAt));
        }
      }
    }
    return durableObjectStubs(c.env).inboxEvents().fetch(new Request(url, { headers: { upgrade: "websocket" } }));
  });
}

/** The panel's link to the quotation document a message carried (`order-doc-<quotation id>`, see the conversation's outbox). */
async function quotationDocumentPath(config: Config, clientMessageId: string | null): Promise<string | null> {
  const quotationId = /^order-doc-([0-9a-f-]{36})$/.exec(clientMessageId ?? "")?.[1];
  return quotationId ? documentPath(config, quotationId) : null;
}
