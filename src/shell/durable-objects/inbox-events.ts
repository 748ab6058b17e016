import { DurableObject } from "cloudflare:workers";
import { SESSION_ENDED_CLOSE_CODE, SESSION_RECHECK_CLOSE_CODE, type InboxEvent } from "../../core/staff/contract/events";

/** Live connections one user may hold at once (a few tabs, each with the inbox and a conversation). */
export const MAX_SOCKETS_PER_USER = 8;

/** What each socket carries through hibernation: its sign-in and when that sign-in ends. */
interface Attachment {
  session?: string;
  /** The session's absolute expiry (ms): the socket closes as ended then. */
  expiresAt?: number;
  /** When the session goes idle unless other requests keep it alive (ms): the socket closes to re-check then. */
  idleAt?: number;
}

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
    if (user && this.ctx.getWebSockets(userTag(user)).length >= MAX_SOCKETS_PER_USER) {
      return Response.json({ error: { code: "TOO_MANY_REQUESTS", message: `At most ${MAX_SOCKETS_PER_USER} live connections per user; close another panel tab` } }, { status: 429 });
    }
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    // The session and user tags let a revoked sign-in close its open panels at once.
    this.ctx.acceptWebSocket(server, [conversation ? conversationTag(conversation) : INBOX_TAG, ...(user ? [userTag(user)] : []), ...(session ? [sessionTag(session)] : [])]);
    const attachment: Attachment = { ...(session ? { session } : {}), ...deadline("expiresAt", params.get("expires")), ...deadline("idleAt", params.get("idle")) };
    server.serializeAttachment(attachment);
    await this.scheduleCheck(attachment);
    server.send(JSON.stringify({ type: "ready", conversationId: conversation, at: Date.now() }));
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Closes the sockets whose sign-in expired (4401, as if revoked) or went idle (a reconnect code:
   * the panel reconnects, and the upgrade authenticates the session afresh), then waits for the next.
   */
  override async alarm(): Promise<void> {
    const now = Date.now();
    let next: number | null = null;
    for (const socket of this.ctx.getWebSockets()) {
      const attached = (socket.deserializeAttachment() ?? {}) as Attachment;
      const [expired, idle] = [attached.expiresAt !== undefined && attached.expiresAt <= now, attached.idleAt !== undefined && attached.idleAt <= now];
      if (expired || idle) {
        try {
          socket.close(expired ? SESSION_ENDED_CLOSE_CODE : SESSION_RECHECK_CLOSE_CODE, expired ? "session expired" : "session idle: reconnect");
        } catch {
          // Already closing.
        }
        continue;
      }
      for (const at of [attached.expiresAt, attached.idleAt]) if (at !== undefined && (next === null || at < next)) next = at;
    }
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  private async scheduleCheck(attachment: Attachment): Promise<void> {
    const at = Math.min(attachment.expiresAt ?? Infinity, attachment.idleAt ?? Infinity);
    if (!Number.isFinite(at)) return;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || at < current) await this.ctx.storage.setAlarm(at);
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
      const attached = socket.deserializeAttachment() as Attachment | null;
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

function deadline(key: "expiresAt" | "idleAt", value: string | null): Partial<Attachment> {
  const ms = Number(value);
  return value !== null && Number.isFinite(ms) ? { [key]: ms } : {};
}
