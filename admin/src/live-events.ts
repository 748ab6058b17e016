import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { SESSION_ENDED_CLOSE_CODE } from "../../src/core/staff/contract/events";
import type { InboxEvent } from "../../src/core/staff/contract/client";

export type { InboxEvent };
export type LiveState = "connecting" | "live" | "offline";

/** The event stream's address on the panel's own origin (ws: or wss: to match the page). */
export function eventsUrl(location: Pick<Location, "protocol" | "host">, conversationId?: string): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/api/v1/events${conversationId ? `?conversation=${encodeURIComponent(conversationId)}` : ""}`;
}

/** Delay before the n-th reconnection attempt: 0.5 s doubling to 10 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** Math.max(0, attempt));
}

/**
 * Listens to GET /api/v1/events (every inbox event, or one conversation's) and calls `onEvent` for
 * each. Reconnects with backoff; `onReconnect` runs after a gap, when events may have been missed,
 * so the caller refetches instead of trusting a stale list.
 */
export function useLiveEvents(onEvent: (event: InboxEvent) => void, options: { conversationId?: string; onReconnect?: () => void } = {}): LiveState {
  const [state, setState] = useState<LiveState>("connecting");
  const queryClient = useQueryClient();
  const handlers = useRef({ onEvent, onReconnect: options.onReconnect });
  handlers.current = { onEvent, onReconnect: options.onReconnect };

  useEffect(() => {
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let closed = false;
    const connect = () => {
      setState("connecting");
      socket = new WebSocket(eventsUrl(window.location, options.conversationId));
      socket.onopen = () => {
        if (attempt > 0) handlers.current.onReconnect?.();
        attempt = 0;
        setState("live");
      };
      socket.onmessage = (message) => {
        try {
          handlers.current.onEvent(JSON.parse(String(message.data)) as InboxEvent);
        } catch {
          // A frame that is not an event (a keep-alive) is ignored.
        }
      };
      socket.onclose = (event) => {
        if (closed) return;
        setState("offline");
        // The sign-in ended elsewhere (signed out, disabled, password changed): back to sign-in, no retry.
        if (event.code === SESSION_ENDED_CLOSE_CODE) return void queryClient.invalidateQueries({ queryKey: ["me"] });
        timer = setTimeout(connect, reconnectDelayMs(attempt++));
      };
    };
    connect();
    return () => {
      closed = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, [options.conversationId, queryClient]);

  return state;
}
