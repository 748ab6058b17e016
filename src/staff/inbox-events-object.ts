import { DurableObject } from "cloudflare:workers";
import { SESSION_ENDED_CLOSE_CODE, type InboxEvent } from "./contract/events";

const INBOX_TAG = "inbox";
const conversationTag = (id: string) => `conversation:${id}`;
const userTag = (id: string) => `user:${id}`;
const sessionTag = (hash: string) => `session:${hash}`;

/** Whose live connections to end: one session, or every session of a user but one. */
export type SessionsToEnd = { session: string } | { userId: string; except?: string | null };

/**
 * The live inbox: staff panels hold WebSockets here through the hibernation API, so idle
 * connections cost nothing; `publish` fans an event out to the whole inbox and to the panels
 * watching that conversation. The worker authenticates before it forwards an upgrade here.
 */
export class InboxEventsDurableObject extends DurableObject<Env> {
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return new Response("Expected a WebSocket upgrade", { status: 426 });
    const params = new URL(request.url).searchParams;
    const conversation = params.get("conversation");
    const [user, session] = [params.get("user"), params.get("session")];
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    // The session and user tags let a revoked sign-in close its open panels at once.
    this.ctx.acceptWebSocket(server, [conversation ? conversationTag(conversation) : INBOX_TAG, ...(user ? [userTag(user)] : []), ...(session ? [sessionTag(session)] : [])]);
    if (session) server.serializeAttachment({ session });
    server.send(JSON.stringify({ type: "ready", conversationId: conversation, at: Date.now() }));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Sends the event to its listeners; returns how many sockets it reached. */
  async publish(event: InboxEvent): Promise<number> {
    const sockets = new Set([...this.ctx.getWebSockets(INBOX_TAG), ...(event.conversationId ? this.ctx.getWebSockets(conversationTag(event.conversationId)) : [])]);
    const text = JSON.stringify(event);
    let reached = 0;
    for (const socket of sockets) {
      try {
        socket.send(text);
        reached++;
      } catch {
        // A socket closing as we send: its close handler cleans up.
      }
    }
    return reached;
  }

  /** Closes the live connections of ended sign-ins; returns how many it closed. */
  async endSessions(target: SessionsToEnd): Promise<number> {
    const sockets = "session" in target ? this.ctx.getWebSockets(sessionTag(target.session)) : this.ctx.getWebSockets(userTag(target.userId));
    let closed = 0;
    for (const socket of sockets) {
      const attached = socket.deserializeAttachment() as { session?: string } | null;
      if (!("session" in target) && target.except && attached?.session === target.except) continue;
      try {
        socket.close(SESSION_ENDED_CLOSE_CODE, "session ended");
        closed++;
      } catch {
        // Already closing.
      }
    }
    return closed;
  }

  /** Panels may ping to keep proxies from closing an idle connection. */
  override async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (message === "ping") socket.send("pong");
  }

  override async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    try {
      socket.close(code, reason);
    } catch {
      // Already closed.
    }
  }
}
