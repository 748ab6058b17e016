import { DurableObject } from "cloudflare:workers";
import type { InboxEvent } from "./events";

const INBOX_TAG = "inbox";
const conversationTag = (id: string) => `conversation:${id}`;

/**
 * The live inbox: staff panels hold WebSockets here through the hibernation API, so idle
 * connections cost nothing; `publish` fans an event out to the whole inbox and to the panels
 * watching that conversation. The worker authenticates before it forwards an upgrade here.
 */
export class InboxEventsDurableObject extends DurableObject<Env> {
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return new Response("Expected a WebSocket upgrade", { status: 426 });
    const conversation = new URL(request.url).searchParams.get("conversation");
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server, [conversation ? conversationTag(conversation) : INBOX_TAG]);
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
